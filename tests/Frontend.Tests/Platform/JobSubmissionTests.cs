using Mlops.Frontend.Platform;

namespace Mlops.Frontend.Tests.Platform;

public sealed class JobSubmissionTests
{
    [Fact]
    public void Overrides_are_read_one_per_line_or_separated_by_spaces()
    {
        var form = new JobSubmission { OverridesText = "epochs=1\r\n  optimizer.learning_rate=0.002 seed=3\n\n" };

        Assert.Equal(["epochs=1", "optimizer.learning_rate=0.002", "seed=3"], form.Overrides);
    }

    [Fact]
    public void Every_problem_of_trainings_answer_becomes_its_own_item()
    {
        const string detail = "The config is not valid (2 problem(s)):\n- override 'epochz': unknown key 'epochz'\n- override 'x': unknown key 'x'";

        Assert.Equal(["override 'epochz': unknown key 'epochz'", "override 'x': unknown key 'x'"], ConfigProblems.Split(detail));
        Assert.Equal(["Dataset 'nope' was not found."], ConfigProblems.Split("Dataset 'nope' was not found."));
    }
}
