using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.DependencyInjection;
using Mlops.TestSupport;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// The AppHost's model with Prometheus:Enabled=true, built but not started: Debian's prometheus runs on a config in the
/// data root, and the config written just before it starts scrapes every service's HTTP endpoint, loads the repository's
/// alert rules and sends alerts to the automation service; promtool accepts it.
/// </summary>
public sealed class PrometheusInAppHostTests : IDisposable
{
    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-prometheus-model-").FullName;

    public void Dispose() => Directory.Delete(dataRoot, recursive: true);

    [Fact]
    public async Task Prometheus_is_off_unless_enabled()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Bootstrap:Enabled=false", "--Cache:Mode=none", $"--DataRoot={dataRoot}"]);

        Assert.DoesNotContain(builder.Resources, resource => resource.Name == "prometheus");
    }

    [PrometheusFact]
    public async Task Enabled_prometheus_runs_on_a_generated_config_that_scrapes_every_service_and_alerts_the_automation_service()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Prometheus:Enabled=true", "--Bootstrap:Enabled=false", "--Cache:Mode=none", $"--DataRoot={dataRoot}"]);
        await using var app = await builder.BuildAsync();
        var prometheus = builder.Resources.OfType<ExecutableResource>().Single(resource => resource.Name == "prometheus");

        Assert.Equal("/usr/bin/prometheus", prometheus.Command);
        var args = new List<object>();
        foreach (var callback in prometheus.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, prometheus, CancellationToken.None));
        }

        var configFile = Path.Combine(dataRoot, "prometheus", "prometheus.yml");
        Assert.Contains($"--config.file={configFile}", args);
        Assert.Contains($"--storage.tsdb.path={Path.Combine(dataRoot, "prometheus", "data")}", args);
        var listen = Assert.Single(args.OfType<ReferenceExpression>());
        Assert.Equal("--web.listen-address=127.0.0.1:{prometheus.bindings.http.targetPort}", listen.ValueExpression);
        Assert.Contains(prometheus.Annotations.OfType<EndpointAnnotation>(), endpoint => endpoint.Name == "http" && endpoint.Port == 5701);

        // Ports as the orchestrator allocates them, then the event the orchestrator raises just before it starts Prometheus.
        var ports = new Dictionary<string, int>();
        var next = 30_000;
        foreach (var resource in builder.Resources.OfType<IResourceWithEndpoints>())
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", next);
                ports[$"{resource.Name}/{endpoint.Name}"] = next++;
            }
        }

        await app.Services.GetRequiredService<IDistributedApplicationEventing>().PublishAsync(new BeforeResourceStartedEvent(prometheus, app.Services));

        var config = File.ReadAllText(configFile);
        foreach (var service in PlatformFixture.Services.Append("automation"))
        {
            Assert.Contains($"job_name: \"{service}\"", config, StringComparison.Ordinal);
            Assert.Contains($"targets: [\"localhost:{ports[$"{service}/http"]}\"]", config, StringComparison.Ordinal);
        }

        var alerting = config[config.IndexOf("alertmanagers:", StringComparison.Ordinal)..config.IndexOf("scrape_configs:", StringComparison.Ordinal)];
        Assert.Contains($"localhost:{ports["automation/http"]}", alerting, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Mlops.TestSupport.RepositoryLayout.Root, "deploy", "prometheus", "rules.yml"), config, StringComparison.Ordinal);

        // promtool reads the rule files the config names too.
        var (exitCode, output) = await CommandLineTool.RunAsync("/usr/bin/promtool", null, "check", "config", configFile);
        Assert.True(exitCode == 0, output);
    }
}

/// <summary>A fact that needs Debian's prometheus and promtool (installed by .ci/run); skipped with the reason where they are missing.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (!File.Exists("/usr/bin/prometheus") || !File.Exists("/usr/bin/promtool"))
        {
            Skip = "/usr/bin/prometheus or /usr/bin/promtool is not installed (apt-get install prometheus)";
        }
    }
}
