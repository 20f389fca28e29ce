namespace Mlops.Cli.Connection;

/// <summary>
/// The five services' gRPC addresses: the command-line option, else the MLOPS_&lt;SERVICE&gt;_URL variable, else the
/// AppHost's fixed local port. The drift service's HTTP/1 address serves the HTML report.
/// </summary>
public sealed record ServiceAddresses(
    ServiceEndpoint Ingestion,
    ServiceEndpoint Training,
    ServiceEndpoint Registry,
    ServiceEndpoint Inference,
    ServiceEndpoint Drift,
    Uri DriftHttp,
    ServiceEndpoint Automation,
    Uri Prometheus)
{
    public const string IngestionDefault = "http://127.0.0.1:5102";
    public const string TrainingDefault = "http://127.0.0.1:5202";
    public const string RegistryDefault = "http://127.0.0.1:5302";
    public const string InferenceDefault = "http://127.0.0.1:5402";
    public const string DriftDefault = "http://127.0.0.1:5502";
    public const string DriftHttpDefault = "http://127.0.0.1:5501";
    public const string AutomationDefault = "http://127.0.0.1:5602";
    public const string PrometheusDefault = "http://127.0.0.1:5701";

    /// <summary>The five core services `mlops status` requires.</summary>
    public IReadOnlyList<ServiceEndpoint> All => [Ingestion, Training, Registry, Inference, Drift];

    /// <summary>Services the AppHost can leave out (Automation:Enabled=false); `mlops status` shows them as off when nothing answers.</summary>
    public IReadOnlyList<ServiceEndpoint> Optional => [Automation];

    /// <param name="given">Addresses given on the command line, by service name ("ingestion", ..., "drift-http"); null or absent when not given.</param>
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> outside tests.</param>
    public static ServiceAddresses Resolve(IReadOnlyDictionary<string, string?> given, Func<string, string?> environment)
    {
        ServiceEndpoint Endpoint(string name, string fallback)
        {
            var variable = $"MLOPS_{name.ToUpperInvariant()}_URL";
            return new ServiceEndpoint(name, Address(given.GetValueOrDefault(name), environment(variable), fallback, $"--{name}"), $"--{name}", variable);
        }

        return new ServiceAddresses(
            Endpoint("ingestion", IngestionDefault),
            Endpoint("training", TrainingDefault),
            Endpoint("registry", RegistryDefault),
            Endpoint("inference", InferenceDefault),
            Endpoint("drift", DriftDefault),
            Address(given.GetValueOrDefault("drift-http"), environment("MLOPS_DRIFT_HTTP_URL"), DriftHttpDefault, "--drift-http"),
            Endpoint("automation", AutomationDefault),
            Address(given.GetValueOrDefault("prometheus"), environment("MLOPS_PROMETHEUS_URL"), PrometheusDefault, "--prometheus"));
    }

    private static Uri Address(string? option, string? variable, string fallback, string optionName)
    {
        var text = !string.IsNullOrWhiteSpace(option) ? option : !string.IsNullOrWhiteSpace(variable) ? variable : fallback;
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            // "127.0.0.1:5102" as grpcurl takes it: the services speak plaintext HTTP/2 locally.
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{optionName}: '{text}' is not an http:// or https:// address.");
        }

        return uri;
    }
}
