using System.Text.Json;
using Mlops.Cli.Tests.Fakes;
using Mlops.Training.V1;

namespace Mlops.Cli.Tests;

public sealed class TrainCommandTests : TrainingCliTest
{
    [Fact]
    public async Task Train_submits_config_and_overrides_then_follows_the_job_to_its_run_and_model_version()
    {
        var run = await Run("train", "default", "epochs=2", "model=small", "--experiment", "quick");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var request = Assert.Single(Training.Submitted);
        Assert.Equal("default", request.Config.Name);
        Assert.Equal(["epochs=2", "model=small"], request.Config.Overrides);
        Assert.Equal("quick", request.Experiment);
        Assert.Contains("epoch 1/2", run.Out, StringComparison.Ordinal);
        Assert.Contains("epoch 2/2", run.Out, StringComparison.Ordinal);
        Assert.Contains("val_accuracy 0.9000", run.Out, StringComparison.Ordinal);
        Assert.Contains("Job job-1 succeeded: run run-of-job-1, model fashion/5 (test_accuracy 0.9312, test_loss 0.2000)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("batch_accuracy 0.9900)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_job_exits_1_with_its_error()
    {
        var run = await Run("train", "fail=true");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.Contains(FakeTraining.NanError, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_json_the_output_is_the_final_job_only()
    {
        var run = await Run("train", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("JOB_STATE_SUCCEEDED", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public async Task No_watch_returns_the_submitted_job_at_once()
    {
        var run = await Run("train", "--no-watch");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Submitted job job-1 (queued)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproduce_resubmits_the_runs_config_pinned_to_its_dataset_version()
    {
        var run = await Run("runs", "reproduce", "run-b");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var request = Assert.Single(Training.Submitted);
        Assert.Equal(ConfigSource.ConfigOneofCase.Yaml, request.Config.ConfigCase);
        Assert.Contains("learning_rate: 0.0005", request.Config.Yaml, StringComparison.Ordinal);
        Assert.Equal(["data.dataset=sha-dataset-1"], request.Config.Overrides);
        Assert.Equal("baseline", request.Experiment);
        Assert.Contains("succeeded", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproducing_an_unknown_run_exits_1_and_submits_nothing()
    {
        var run = await Run("runs", "reproduce", "run-zzz");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.Contains("NotFound", run.Error, StringComparison.Ordinal);
        Assert.Empty(Training.Submitted);
    }

    [Fact]
    public async Task Jobs_show_of_an_unknown_job_exits_1_with_not_found()
    {
        var run = await Run("jobs", "show", "job-404");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.Contains("training: NotFound: Job 'job-404' does not exist.", run.Error, StringComparison.Ordinal);
    }
}
