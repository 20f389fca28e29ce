using Mlops.Frontend.Platform;
using Mlops.Training.V1;

namespace Mlops.Frontend.Tests.Platform;

public sealed class SweepSubmissionTests
{
    [Fact]
    public void Lists_and_ranges_become_the_searched_parameters_of_a_random_search()
    {
        var form = new SweepSubmission
        {
            ParametersText = "optimizer.learning_rate=0.0001:0.01:log\r\n\nbatch_size=64,128\n",
            Strategy = SweepSubmission.Random,
            MaxTrials = 4,
            Metric = " val_loss ",
            Minimize = true,
        };

        var (request, problems) = form.Read();

        Assert.Empty(problems);
        Assert.Equal(SweepStrategy.Random, request!.Strategy);
        Assert.Equal(["optimizer.learning_rate", "batch_size"], request.Parameters.Select(parameter => parameter.Key));
        Assert.True(request.Parameters[0].Range.LogScale);
        Assert.Equal(["64", "128"], request.Parameters[1].Values.Values);
        Assert.Equal((4, "val_loss", MetricGoal.Minimize), (request.MaxTrials, request.Metric, request.Goal));
    }

    [Fact]
    public void Every_problem_of_the_form_is_listed_at_once_and_no_request_is_made()
    {
        var form = new SweepSubmission { ParametersText = "epochs\noptimizer.learning_rate=0.1:0.01\nseed=1:5", Strategy = SweepSubmission.Grid, MaxTrials = 0 };

        var (request, problems) = form.Read();

        Assert.Null(request);
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, problem => problem.StartsWith("'epochs'", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("minimum must be below its maximum", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("'seed=1:5': a grid takes lists", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("at least 1 trial", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_form_asks_for_a_parameter()
    {
        var (request, problems) = new SweepSubmission().Read();

        Assert.Null(request);
        Assert.Contains("one per line", Assert.Single(problems));
    }
}
