using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Registry.Tests;

/// <summary>Run requests the outside bad-input run found stored or answered UNKNOWN, against the running service: refused, nothing stored.</summary>
public sealed class RunRequestLimitsTests(SharedRegistry shared) : IClassFixture<SharedRegistry>
{
    private RegistryService.RegistryServiceClient Client => shared.Registry.Client;

    private async Task<RpcException> RefusedAsync<T>(Func<AsyncUnaryCall<T>> call)
    {
        var before = (await Client.ListRunsAsync(new ListRunsRequest { Page = new() { PageSize = 1000 } })).Runs.Count;
        var error = await Assert.ThrowsAsync<RpcException>(() => call().ResponseAsync);
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, shared.Registry.Service.Output);
        Assert.Equal(before, (await Client.ListRunsAsync(new ListRunsRequest { Page = new() { PageSize = 1000 } })).Runs.Count);
        return error;
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public async Task A_page_over_the_page_size_limit_is_refused_naming_the_limit(int pageSize)
    {
        var error = await RefusedAsync(() => Client.ListRunsAsync(new ListRunsRequest { Page = new() { PageSize = pageSize } }));

        Assert.Contains("page size limit", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_without_an_experiment_is_refused()
    {
        var error = await RefusedAsync(() => Client.CreateRunAsync(new CreateRunRequest { Name = "orphan" }));

        Assert.Contains("experiment", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_100_KB_name_is_refused_with_a_message_that_echoes_only_the_start_of_it()
    {
        var error = await RefusedAsync(() => Client.CreateRunAsync(new CreateRunRequest { Experiment = "limits", Name = new string('n', 100_000) }));

        Assert.Contains("at most 256", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(error.Status.Detail.Length < 1000, $"the message is {error.Status.Detail.Length} characters");
    }

    [Fact]
    public async Task A_config_that_is_not_yaml_is_refused()
    {
        var error = await RefusedAsync(() => Client.CreateRunAsync(new CreateRunRequest { Experiment = "limits", ConfigYaml = "lr: [0.1\nepochs: {" }));

        Assert.Contains("not valid YAML", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task A_metric_that_is_not_a_finite_number_is_refused_and_not_stored(double value)
    {
        var run = await Client.CreateRunAsync(new CreateRunRequest { Experiment = "limits" });

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.LogMetricsAsync(new LogMetricsRequest
        {
            RunId = run.Id,
            Points = { new MetricPoint { Key = "loss", Value = 0.5 }, new MetricPoint { Key = "loss", Value = value, Step = 1 } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("finite", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await Client.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = run.Id, Key = "loss" })).Points);
    }

    [Fact]
    public async Task Finishing_a_run_without_a_final_status_is_refused_and_the_run_keeps_running()
    {
        var run = await Client.CreateRunAsync(new CreateRunRequest { Experiment = "limits" });

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.FinishRunAsync(new FinishRunRequest { RunId = run.Id }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("final status", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, (await Client.GetRunAsync(new GetRunRequest { RunId = run.Id })).Status);
    }
}
