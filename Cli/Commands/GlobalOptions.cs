using System.CommandLine;
using Mlops.Cli.Connection;

namespace Mlops.Cli.Commands;

/// <summary>Options every command takes, before or after its name: --json and the service addresses.</summary>
public static class GlobalOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write the result as JSON (protobuf's JSON mapping) instead of tables",
        Recursive = true,
    };

    /// <summary>Sent as x-api-key on every call when the services require keys (never printed).</summary>
    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "The API key to send when the services require one (else $MLOPS_API_KEY)",
        HelpName = "key",
        Recursive = true,
    };

    public static readonly IReadOnlyDictionary<string, Option<string?>> Addresses = new[]
    {
        ("ingestion", "MLOPS_INGESTION_URL", ServiceAddresses.IngestionDefault),
        ("training", "MLOPS_TRAINING_URL", ServiceAddresses.TrainingDefault),
        ("registry", "MLOPS_REGISTRY_URL", ServiceAddresses.RegistryDefault),
        ("inference", "MLOPS_INFERENCE_URL", ServiceAddresses.InferenceDefault),
        ("drift", "MLOPS_DRIFT_URL", ServiceAddresses.DriftDefault),
        ("drift-http", "MLOPS_DRIFT_HTTP_URL", ServiceAddresses.DriftHttpDefault),
        ("automation", "MLOPS_AUTOMATION_URL", ServiceAddresses.AutomationDefault),
        ("prometheus", "MLOPS_PROMETHEUS_URL", ServiceAddresses.PrometheusDefault),
    }.ToDictionary(
        service => service.Item1,
        service => new Option<string?>("--" + service.Item1)
        {
            Description = service.Item1 switch
            {
                "drift-http" => $"The drift service's HTTP/1 address, for HTML report links (else ${service.Item2}, else {service.Item3})",
                "prometheus" => $"Prometheus' HTTP address, checked by `mlops status` when it runs (else ${service.Item2}, else {service.Item3})",
                _ => $"The {service.Item1} service's gRPC address (else ${service.Item2}, else {service.Item3})",
            },
            HelpName = "url",
            Recursive = true,
        });

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Json);
        root.Options.Add(ApiKey);
        foreach (var option in Addresses.Values)
        {
            root.Options.Add(option);
        }
    }
}
