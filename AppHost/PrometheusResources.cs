using Microsoft.Extensions.Configuration;

namespace Mlops.AppHost;

/// <summary>
/// Debian's Prometheus run as a local process (Prometheus:Enabled=true): it scrapes every service's /metrics, evaluates
/// deploy/prometheus/rules.yml and pushes firing alerts to the automation service's Alertmanager API.
/// </summary>
internal static class PrometheusResources
{
    public const string Name = "prometheus";
    public const string EndpointName = "http";
    public const string DefaultExecutable = "/usr/bin/prometheus";
    public const int DefaultPort = 5701;

    public static IResourceBuilder<ExecutableResource> AddPrometheus(
        this IDistributedApplicationBuilder builder,
        string dataRoot,
        IResourceBuilder<ProjectResource>? alertReceiver,
        params IResourceBuilder<ProjectResource>[] services)
    {
        var settings = builder.Configuration.GetSection("Prometheus");
        var executable = settings["Executable"] is { Length: > 0 } configured ? configured : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Prometheus:Enabled is true but {executable} does not exist: apt-get install prometheus, or set Prometheus:Executable.");
        }

        var folder = Path.Combine(dataRoot, Name);
        var configFile = Path.Combine(folder, "prometheus.yml");
        var rulesFile = settings["RulesFile"] is { Length: > 0 } rules ? Path.GetFullPath(rules) : builder.RepositoryPath("deploy/prometheus/rules.yml");
        Directory.CreateDirectory(folder);

        var prometheus = builder.AddExecutable(Name, executable, folder)
            .WithHttpEndpoint(port: settings.GetValue("Port", DefaultPort), name: EndpointName)
            .WithUrlForEndpoint(EndpointName, url => url.DisplayText = "Prometheus (targets, rules, alerts)")
            .WithHttpHealthCheck("/-/ready", endpointName: EndpointName);
        var endpoint = prometheus.GetEndpoint(EndpointName);
        prometheus.WithArgs(context =>
        {
            context.Args.Add($"--config.file={configFile}");
            context.Args.Add($"--storage.tsdb.path={Path.Combine(folder, "data")}");
            context.Args.Add($"--storage.tsdb.retention.time={settings["Retention"] ?? "7d"}");
            context.Args.Add(ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
        });

        // The services' ports are known only once they are allocated, so the scrape config is written just before Prometheus starts.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus.Resource, (_, _) =>
        {
            var config = new PrometheusConfig(
                [.. services.Select(service => new ScrapeTarget(service.Resource.Name, HostAndPort(service.GetEndpoint("http"))))],
                rulesFile,
                alertReceiver is null ? null : HostAndPort(alertReceiver.GetEndpoint("http")),
                settings["ScrapeInterval"] ?? "15s",
                settings["EvaluationInterval"] ?? "15s");
            config.WriteTo(configFile);
            Console.WriteLine($"Prometheus: {endpoint.Url}");
            return Task.CompletedTask;
        });
        return prometheus;
    }

    private static string HostAndPort(EndpointReference endpoint) => $"{endpoint.Host}:{endpoint.Port}";
}
