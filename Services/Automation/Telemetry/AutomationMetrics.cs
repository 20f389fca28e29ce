using System.Diagnostics.Metrics;
using Mlops.Automation.Events;
using Mlops.Automation.Firings;
using Mlops.Automation.Rules;

namespace Mlops.Automation.Telemetry;

/// <summary>The instruments of meter "Mlops.Automation", exported with the other OpenTelemetry metrics (and on /metrics).</summary>
public sealed class AutomationMetrics
{
    public const string MeterName = "Mlops.Automation";

    private readonly Counter<long> events;
    private readonly Counter<long> firings;

    public AutomationMetrics(IMeterFactory meters, RuleBook rules)
    {
        var meter = meters.Create(MeterName);
        events = meter.CreateCounter<long>("mlops.automation.events", "{event}", "Platform events handled for the first time, by trigger.");
        firings = meter.CreateCounter<long>("mlops.automation.firings", "{firing}",
            "Firing outcomes recorded, by rule and outcome; a training firing counts once when submitted and once when its job ends.");
        meter.CreateObservableGauge("mlops.automation.rules.loaded", () => RuleCounts(rules), "{rule}", "Rules in force, by state (enabled, disabled).");
        meter.CreateObservableGauge("mlops.automation.rules.refused", () => rules.RefusedProblems.Count, "{problem}",
            "Problems of the last refused reload of the rules file; 0 when the file in force is the one on disk.");
    }

    public void Handled(PlatformEvent platformEvent) => events.Add(1, new KeyValuePair<string, object?>("trigger", platformEvent.Kind.Name()));

    public void Recorded(Firing firing) =>
        firings.Add(1, new KeyValuePair<string, object?>("rule", firing.Rule), new KeyValuePair<string, object?>("outcome", firing.Outcome));

    private static IEnumerable<Measurement<int>> RuleCounts(RuleBook rules)
    {
        var current = rules.Current.Rules;
        var enabled = current.Count(rule => rule.Enabled);
        yield return new Measurement<int>(enabled, new KeyValuePair<string, object?>("state", "enabled"));
        yield return new Measurement<int>(current.Count - enabled, new KeyValuePair<string, object?>("state", "disabled"));
    }
}
