using System.Text.Json;
using Mlops.Cli.Tests.Fakes;
using Mlops.TestSupport;

namespace Mlops.Cli.Tests;

public sealed class ModelCommandTests : IAsyncLifetime
{
    private readonly FakeRegistry registry = new();
    private GrpcTestServer server = null!;

    public async Task InitializeAsync() => server = await GrpcTestServer.StartAsync(registry);

    public async Task DisposeAsync() => await server.DisposeAsync();

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--registry", server.Address]);

    [Fact]
    public async Task A_refused_promotion_prints_the_gate_checks_and_exits_1_with_the_registry_message()
    {
        var run = await Run("models", "promote", "fashion", "4", "--reason", "try it");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        var accuracy = Rendered.Line(run.Out, "min_accuracy");
        Assert.Contains("0.812", accuracy, StringComparison.Ordinal);
        Assert.Contains("0.85", accuracy, StringComparison.Ordinal);
        Assert.Contains("NO", accuracy, StringComparison.Ordinal);
        Assert.Contains("FailedPrecondition", run.Error, StringComparison.Ordinal);
        Assert.Contains("production stays at version 2", run.Error, StringComparison.Ordinal);
        Assert.Equal("try it", Assert.Single(registry.Promotions).Reason);
    }

    [Fact]
    public async Task A_refused_promotion_under_json_writes_the_gate_as_json()
    {
        var run = await Run("models", "promote", "fashion", "4", "--json");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal("min_accuracy", json.RootElement.GetProperty("checks")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_passed_promotion_shows_the_checks_and_the_alias_move()
    {
        var run = await Run("models", "promote", "fashion", "3");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("yes", Rendered.Line(run.Out, "min_accuracy"), StringComparison.Ordinal);
        Assert.Contains("fashion@production moved from version 2 to 3", run.Out, StringComparison.Ordinal);
        Assert.Equal("production", registry.Promotions.Single().Alias);
    }

    [Fact]
    public async Task An_unknown_model_exits_1_with_not_found_and_the_message()
    {
        var run = await Run("models", "show", "nope@production");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.Contains("registry: NotFound: No model version matches 'nope@production'.", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Show_as_json_is_the_model_version_message()
    {
        var run = await Run("models", "show", "fashion@production", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("production", json.RootElement.GetProperty("aliases")[0].GetString());
    }

    [Fact]
    public async Task List_shows_each_model_with_its_aliases()
    {
        var run = await Run("models", "list");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("production → 2", Rendered.Line(run.Out, "fashion"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_list_sends_the_filters_and_shows_metric_columns()
    {
        var run = await Run("runs", "list", "--experiment", "baseline", "--filter", "test_accuracy>0.9");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var query = Assert.Single(registry.RunQueries);
        Assert.Equal("baseline", query.Experiment);
        Assert.Equal(["test_accuracy>0.9"], query.MetricFilters);
        Assert.Contains("test_accuracy", run.Out, StringComparison.Ordinal);
        Assert.Contains("0.9130", Rendered.Line(run.Out, "run-b"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_compare_shows_metric_and_config_differences()
    {
        var run = await Run("runs", "compare", "run-a", "run-b");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("+0.0120", Rendered.Line(run.Out, "test_accuracy"), StringComparison.Ordinal);
        Assert.Contains("0.0005", Rendered.Line(run.Out, "optimizer.learning_rate"), StringComparison.Ordinal);
    }
}
