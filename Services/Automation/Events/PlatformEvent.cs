using Mlops.Automation.Rules;

namespace Mlops.Automation.Events;

/// <summary>
/// One thing that happened on the platform, in the automation's own terms. <see cref="Key"/> names it uniquely
/// across sources and restarts (a dataset version id, a model version, an alert id), so it is acted on once.
/// </summary>
public sealed record PlatformEvent(
    TriggerKind Kind,
    string Key,
    DateTimeOffset OccurredAt,
    string Dataset = "",
    string DatasetVersion = "",
    string Model = "",
    int ModelVersion = 0,
    string Alias = "",
    string AlertName = "",
    int ConsecutiveWindows = 0,
    string Summary = "")
{
    public static PlatformEvent NewDatasetVersion(string dataset, string versionId, DateTimeOffset at) =>
        new(TriggerKind.DatasetVersion, $"dataset_version:{versionId}", at, Dataset: dataset, DatasetVersion: versionId,
            Summary: $"dataset {dataset} version {Short(versionId)}");

    public static PlatformEvent NewModelVersion(string model, int version, string datasetVersion, DateTimeOffset at) =>
        new(TriggerKind.ModelRegistered, $"model_registered:{model}/{version}", at, Model: model, ModelVersion: version,
            DatasetVersion: datasetVersion, Summary: $"model {model}/{version} registered");

    public static PlatformEvent Promoted(string model, string alias, int version, DateTimeOffset at) =>
        new(TriggerKind.ModelPromoted, $"model_promoted:{model}@{alias}={version}@{at.ToUnixTimeMilliseconds()}", at, Model: model,
            ModelVersion: version, Alias: alias, Summary: $"{model}@{alias} moved to version {version}");

    public static PlatformEvent DriftAlert(string alertId, string model, int version, int windows, DateTimeOffset at) =>
        new(TriggerKind.DriftAlert, $"drift_alert:{alertId}", at, Model: model, ModelVersion: version, ConsecutiveWindows: windows,
            Summary: $"drift alert {alertId} on {model}/{version} after {windows} windows");

    public static PlatformEvent PrometheusAlert(string alertName, string fingerprint, string model, DateTimeOffset startsAt) =>
        new(TriggerKind.PrometheusAlert, $"prometheus_alert:{alertName}:{fingerprint}@{startsAt.ToUnixTimeMilliseconds()}", startsAt,
            Model: model, AlertName: alertName, Summary: $"Prometheus alert {alertName}{(model.Length > 0 ? $" on {model}" : "")}");

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
