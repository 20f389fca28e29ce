using Grpc.Core;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

[Collection(TrainingStackCollection.Name)]
public sealed class SubmitValidationTests(TrainingStack stack)
{
    [Fact]
    public async Task An_unknown_dataset_is_refused_at_submit_with_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            stack.TrainingClient.SubmitJobAsync(TrainingStack.Job("quick", "e2e-bad", "data.dataset=no-such-dataset@latest")).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("no-such-dataset", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_config_is_refused_with_every_problem_and_no_job_is_created()
    {
        var before = (await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count;

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.TrainingClient.SubmitJobAsync(
            TrainingStack.Job("quick", "e2e-bad", "optimizer.learning_rate=0", "epochs=0", "optimiser.name=adam", "model=huge")).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("4 problem(s)", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("optimizer.learning_rate", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("epochs", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("unknown key 'optimiser.name'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("no choice 'huge'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, (await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count);
    }

    [Fact]
    public async Task Yaml_that_does_not_parse_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => stack.TrainingClient.SubmitJobAsync(new SubmitJobRequest
        {
            Config = new ConfigSource { Yaml = "epochs: [1" },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not valid YAML", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveConfig_shows_the_resolved_config_and_its_hash_without_running_it()
    {
        var before = (await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count;

        var resolved = await stack.TrainingClient.ResolveConfigAsync(new ResolveConfigRequest
        {
            Config = new ConfigSource { Name = "default", Overrides = { "model=small", "epochs=3" } },
        });
        var same = await stack.TrainingClient.ResolveConfigAsync(new ResolveConfigRequest { Config = new ConfigSource { Yaml = resolved.Yaml } });

        Assert.Contains("epochs: 3", resolved.Yaml, StringComparison.Ordinal);
        Assert.Contains("conv_channels: [8, 16]", resolved.Yaml, StringComparison.Ordinal);
        Assert.Equal(resolved.ConfigHash, same.ConfigHash);
        Assert.Equal(before, (await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count);
        var configs = await stack.TrainingClient.ListConfigsAsync(new ListConfigsRequest());
        Assert.Contains("quick", configs.Names);
        Assert.Contains("small", configs.Groups["model"].Values);
    }

    [Fact]
    public async Task Unknown_jobs_and_sweeps_are_not_found()
    {
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            stack.TrainingClient.GetJobAsync(new GetJobRequest { JobId = "nope" }).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            stack.TrainingClient.CancelJobAsync(new CancelJobRequest { JobId = "nope" }).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            stack.TrainingClient.GetSweepAsync(new GetSweepRequest { SweepId = "nope" }).ResponseAsync)).StatusCode);
        using var watch = stack.TrainingClient.WatchJob(new WatchJobRequest { JobId = "nope" });
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext())).StatusCode);
    }
}
