namespace Mlops.Automation.Rules;

/// <summary>The platform events a rule can react to; the names are the ones written in the rules file.</summary>
public enum TriggerKind
{
    DatasetVersion,
    ModelRegistered,
    ModelPromoted,
    DriftAlert,
    PrometheusAlert,
}

public static class TriggerKinds
{
    public static readonly IReadOnlyDictionary<string, TriggerKind> ByName = new Dictionary<string, TriggerKind>(StringComparer.Ordinal)
    {
        ["dataset_version"] = TriggerKind.DatasetVersion,
        ["model_registered"] = TriggerKind.ModelRegistered,
        ["model_promoted"] = TriggerKind.ModelPromoted,
        ["drift_alert"] = TriggerKind.DriftAlert,
        ["prometheus_alert"] = TriggerKind.PrometheusAlert,
    };

    public static string Name(this TriggerKind kind) => ByName.First(entry => entry.Value == kind).Key;
}
