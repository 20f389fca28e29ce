using Grpc.Core;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

/// <summary>Requests the outside bad-input run found accepted or unbounded, against the running service.</summary>
[Collection(TrainingStackCollection.Name)]
public sealed class RequestLimitsServiceTests(TrainingStack stack)
{
    private async Task<RpcException> RefusedAsync<T>(Func<AsyncUnaryCall<T>> call)
    {
        var before = (await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count;
        var error = await Assert.ThrowsAsync<RpcException>(() => call().ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(before, (await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count);
        return error;
    }

    [Fact]
    public async Task A_job_without_a_config_is_refused_instead_of_running_the_default()
    {
        var error = await RefusedAsync(() => stack.TrainingClient.SubmitJobAsync(new SubmitJobRequest { ModelName = "fashion" }));

        Assert.Contains("no config given", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolving_no_config_or_an_empty_one_is_refused()
    {
        var none = await RefusedAsync(() => stack.TrainingClient.ResolveConfigAsync(new ResolveConfigRequest()));
        var empty = await RefusedAsync(() => stack.TrainingClient.ResolveConfigAsync(new ResolveConfigRequest { Config = new ConfigSource { Yaml = "" } }));

        Assert.Contains("no config given", none.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("empty", empty.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_of_two_billion_grid_points_is_refused_up_front_naming_the_limit()
    {
        var error = await RefusedAsync(() => stack.TrainingClient.SubmitSweepAsync(new SubmitSweepRequest
        {
            Config = new ConfigSource { Name = "quick" },
            MaxTrials = 1,
            Parameters = { new SweepParameter { Key = "optimizer.learning_rate", Range = new ValueRange { Min = 0.001, Max = 0.1, GridPoints = int.MaxValue } } },
        }));

        Assert.Contains("point limit", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alias_bomb_config_is_refused_and_the_service_still_answers()
    {
        var bomb = new System.Text.StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 9; level++)
        {
            bomb.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        }

        var error = await RefusedAsync(() => stack.TrainingClient.ResolveConfigAsync(new ResolveConfigRequest { Config = new ConfigSource { Yaml = bomb.ToString() } }));
        var overridden = await RefusedAsync(() => stack.TrainingClient.SubmitJobAsync(new SubmitJobRequest
        {
            Config = new ConfigSource { Name = "quick", Overrides = { "seed=" + FlowAliasBomb() } },
        }));

        Assert.Contains("limit", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("YAML node limit", overridden.Status.Detail, StringComparison.Ordinal);
        Assert.NotEmpty((await stack.TrainingClient.ListConfigsAsync(new ListConfigsRequest())).Names);
    }

    /// <summary>One line of YAML whose nested anchors expand to 10^9 values: an override's right-hand side.</summary>
    private static string FlowAliasBomb()
    {
        var levels = new List<string> { "&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var level = 1; level < 9; level++)
        {
            levels.Add($"&a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]");
        }

        return $"[{string.Join(", ", levels)}]";
    }
}
