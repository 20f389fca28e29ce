using System.Text.Json;

namespace Mlops.Cli.Tests;

public sealed class RunResumeCommandTests : TrainingCliTest
{
    [Fact]
    public async Task Resume_resubmits_the_runs_config_and_dataset_from_the_chosen_checkpoint()
    {
        var run = await Run("runs", "resume", "run-b", "--checkpoint", "2", "--no-watch");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var request = Assert.Single(Training.Submitted);
        Assert.Equal("run-b", request.ResumeFrom.RunId);
        Assert.Equal(2, request.ResumeFrom.CheckpointEpoch);
        Assert.Contains("learning_rate: 0.0005", request.Config.Yaml, StringComparison.Ordinal);
        Assert.Equal(["data.dataset=sha-dataset-1"], request.Config.Overrides);
    }

    [Fact]
    public async Task Resume_without_a_checkpoint_takes_the_latest()
    {
        var run = await Run("runs", "resume", "run-a", "--no-watch");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(0, Assert.Single(Training.Submitted).ResumeFrom.CheckpointEpoch);
    }

    [Fact]
    public async Task Profile_prints_each_phases_total_share_and_seconds_per_epoch()
    {
        var run = await Run("runs", "profile", "run-b");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Out.Split('\n');
        // 20 s in all: backward 8 s is 40 %, 4 s an epoch.
        Assert.Contains(lines, line => line.Contains("backward", StringComparison.Ordinal) && line.Contains("8.00", StringComparison.Ordinal)
            && line.Contains("40.0", StringComparison.Ordinal) && line.Contains("4.00", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("data_wait", StringComparison.Ordinal) && line.Contains("3.00", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("total", StringComparison.Ordinal) && line.Contains("20.00", StringComparison.Ordinal));
        Assert.Contains("no trace stored", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_as_json_lists_the_phases_with_their_epoch_seconds()
    {
        var run = await Run("runs", "profile", "run-b", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var phases = json.RootElement.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["data_wait", "forward", "backward", "optimizer_step", "evaluation"], phases.Select(p => p.GetProperty("phase").GetString()));
        Assert.Equal(6, phases[1].GetProperty("totalSeconds").GetDouble());
    }

    [Fact]
    public async Task Profile_trace_of_a_run_without_one_is_refused_and_writes_nothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.json");
        var run = await Run("runs", "profile", "run-b", "--trace", file);

        Assert.NotEqual(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("no trace", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }
}
