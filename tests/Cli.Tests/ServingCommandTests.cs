using System.Text.Json;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Cli.Tests.Fakes;
using Mlops.TestSupport;

namespace Mlops.Cli.Tests;

public sealed class ServingCommandTests : IAsyncLifetime
{
    private readonly FakeInference inference = new();
    private readonly FakeDrift drift = new();
    private readonly FakeRegistry registry = new();
    private GrpcTestServer inferenceServer = null!;
    private GrpcTestServer driftServer = null!;
    private GrpcTestServer registryServer = null!;

    public async Task InitializeAsync()
    {
        var health = new HealthServiceImpl();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        inferenceServer = await GrpcTestServer.StartAsync(
            services => services.AddSingleton(inference).AddSingleton(health),
            app =>
            {
                app.MapGrpcService<FakeInference>();
                app.MapGrpcService<HealthServiceImpl>();
            });
        driftServer = await GrpcTestServer.StartAsync(drift);
        registryServer = await GrpcTestServer.StartAsync(registry);
    }

    public async Task DisposeAsync()
    {
        await inferenceServer.DisposeAsync();
        await driftServer.DisposeAsync();
        await registryServer.DisposeAsync();
    }

    private Task<CliRun> Run(params string[] args) =>
        CliRun.RunAsync([.. args, "--inference", inferenceServer.Address, "--drift", driftServer.Address, "--registry", registryServer.Address, "--drift-http", "http://127.0.0.1:5501"]);

    [Fact]
    public async Task Predict_sends_the_encoded_files_and_tabulates_class_and_probability_per_file()
    {
        using var folder = new TempFolder();
        var png = folder.Write("trouser.png", TestImages.Png);
        var jpeg = folder.Write("shirt.jpg", TestImages.Jpeg);

        var run = await Run("predict", png, jpeg, "--model", "fashion");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var request = Assert.Single(inference.Requests);
        Assert.Equal("fashion", request.ModelName);
        Assert.Equal(TestImages.Png, request.Images[0].Encoded.ToByteArray());
        var trouser = Rendered.Line(run.Out, "trouser.png");
        Assert.Contains("Trouser", trouser, StringComparison.Ordinal);
        Assert.Contains("0.9300", trouser, StringComparison.Ordinal);
        Assert.Contains("fashion/3", trouser, StringComparison.Ordinal);
        Assert.Contains("0.7100", Rendered.Line(run.Out, "shirt.jpg"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_before_anything_is_sent()
    {
        using var folder = new TempFolder();
        var text = folder.Write("notes.png", "hello"u8.ToArray());

        var run = await Run("predict", text);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("not a PNG or JPEG", run.Error, StringComparison.Ordinal);
        Assert.Empty(inference.Requests);
    }

    [Fact]
    public async Task Drift_report_asks_for_the_window_and_links_its_html_page()
    {
        var run = await Run("drift", "report", "--version", "3", "--window", FakeDrift.WindowId);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("fashion", drift.LastReportRequest!.ModelName);
        Assert.Equal(3, drift.LastReportRequest.ModelVersion);
        Assert.Equal(FakeDrift.WindowId, drift.LastReportRequest.WindowId);
        Assert.Contains("DRIFT", Rendered.Line(run.Out, "mean_intensity"), StringComparison.Ordinal);
        Assert.Contains("no drift", Rendered.Line(run.Out, "edge_energy"), StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:5501/reports/fashion/3/{FakeDrift.WindowId}.html", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_report_as_json_carries_every_test()
    {
        var run = await Run("drift", "report", "--json");

        Assert.Equal(registry.ProductionVersion, drift.LastReportRequest!.ModelVersion); // no --version: the production one
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(3, json.RootElement.GetProperty("tests").GetArrayLength());
        Assert.Equal("TEST_VERDICT_NOT_ENOUGH_DATA", json.RootElement.GetProperty("tests")[2].GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Alerts_hide_acknowledged_ones_unless_all_is_given()
    {
        var open = await Run("drift", "alerts");
        var all = await Run("drift", "alerts", "--all");

        Assert.Contains("alert-1", open.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("alert-0", open.Out, StringComparison.Ordinal);
        Assert.Contains("by ops", Rendered.Line(all.Out, "alert-0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reports_each_service_and_exits_1_when_one_is_down()
    {
        var run = await CliRun.RunAsync("status",
            "--inference", inferenceServer.Address,
            "--ingestion", Unreachable.Address, "--training", Unreachable.Address, "--registry", Unreachable.Address, "--drift", Unreachable.Address,
            "--automation", Unreachable.Address, "--prometheus", Unreachable.Address);

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.Contains("serving", Rendered.Line(run.Out, "inference"), StringComparison.Ordinal);
        Assert.Contains("unreachable", Rendered.Line(run.Out, "registry"), StringComparison.Ordinal);
        Assert.Contains("Inference ready", run.Out, StringComparison.Ordinal);
        Assert.Contains("production", Rendered.Line(run.Out, "fashion"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_the_automation_service_and_prometheus_as_off_when_they_do_not_run_without_failing()
    {
        // One healthy server answers the health check for every core service; automation and Prometheus are left out.
        var run = await CliRun.RunAsync("status",
            "--inference", inferenceServer.Address, "--ingestion", inferenceServer.Address, "--training", inferenceServer.Address,
            "--registry", inferenceServer.Address, "--drift", inferenceServer.Address,
            "--automation", Unreachable.Address, "--prometheus", Unreachable.Address);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("off", Rendered.Line(run.Out, "automation"), StringComparison.Ordinal);
        Assert.Contains("Prometheus:Enabled=true", Rendered.Line(run.Out, "prometheus"), StringComparison.Ordinal);
    }

    [PrometheusFact]
    public async Task Status_lists_a_running_automation_service_and_a_ready_prometheus()
    {
        await using var prometheus = await PrometheusServer.StartAsync("global: { scrape_interval: 15s }\n");

        var run = await CliRun.RunAsync("status", "--json",
            "--inference", inferenceServer.Address, "--ingestion", inferenceServer.Address, "--training", inferenceServer.Address,
            "--registry", inferenceServer.Address, "--drift", inferenceServer.Address,
            "--automation", inferenceServer.Address, "--prometheus", prometheus.Address.ToString());

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var services = json.RootElement.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.True(services["automation"].GetProperty("healthy").GetBoolean());
        Assert.True(services["prometheus"].GetProperty("healthy").GetBoolean());
        Assert.Equal(prometheus.Address.GetLeftPart(UriPartial.Authority), services["prometheus"].GetProperty("address").GetString());
    }
}

/// <summary>A fact that needs Debian's prometheus (installed by .ci/run); skipped with the reason where it is missing.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (!PrometheusServer.IsInstalled)
        {
            Skip = $"{PrometheusServer.Executable} is not installed (apt-get install prometheus)";
        }
    }
}
