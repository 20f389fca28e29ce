using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Registry.Tests;

/// <summary>Experiment tracking over gRPC, as the training service and the CLI use it.</summary>
public sealed class RunTrackingTests(SharedRegistry shared) : IClassFixture<SharedRegistry>
{
    private RegistryService.RegistryServiceClient Client => shared.Registry.Client;

    [Fact]
    public async Task Runs_are_tracked_filtered_by_metric_and_compared()
    {
        var slow = await Track("lr: 0.001\nbatch: 64\n", ("test_accuracy", 0.88));
        var fast = await Track("lr: 0.01\nbatch: 64\n", ("test_accuracy", 0.91));

        var filtered = await Client.ListRunsAsync(new ListRunsRequest { Experiment = "tracking", MetricFilters = { "test_accuracy>0.9" } });
        var comparison = await Client.CompareRunsAsync(new CompareRunsRequest { RunIds = { slow.Id, fast.Id } });

        Assert.Equal([fast.Id], filtered.Runs.Select(run => run.Id));
        Assert.Equal([0.88, 0.91], comparison.Metrics.Single(metric => metric.Key == "test_accuracy").Values);
        Assert.Equal(["lr"], comparison.ConfigDifferences.Select(difference => difference.Key));
    }

    [Fact]
    public async Task Bad_run_requests_get_actionable_statuses()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.GetRunAsync(new GetRunRequest { RunId = "nope" }).ResponseAsync);
        var badFilter = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ListRunsAsync(new ListRunsRequest { MetricFilters = { "accuracy is high" } }).ResponseAsync);
        var badOrder = await Assert.ThrowsAsync<RpcException>(() => Client.ListRunsAsync(new ListRunsRequest { OrderBy = "colour" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badFilter.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badOrder.StatusCode);
        Assert.Contains("metrics.<key>", badOrder.Status.Detail);
    }

    private async Task<Run> Track(string config, (string Key, double Value) metric)
    {
        var run = await Client.CreateRunAsync(new CreateRunRequest { Experiment = "tracking", ConfigYaml = config });
        await Client.LogMetricsAsync(new LogMetricsRequest { RunId = run.Id, Points = { new MetricPoint { Key = "loss", Step = 0, Value = 1 } } });
        return await Client.FinishRunAsync(new FinishRunRequest { RunId = run.Id, Status = RunStatus.Finished, FinalMetrics = { [metric.Key] = metric.Value } });
    }
}
