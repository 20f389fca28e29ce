using System.Diagnostics.Metrics;
using Mlops.Drift.Model;

namespace Mlops.Drift.Monitoring;

/// <summary>The counters of meter "Mlops.Drift", exported with the other OpenTelemetry metrics (and on /metrics).</summary>
public sealed class DriftMetrics
{
    public const string MeterName = "Mlops.Drift";

    private readonly Counter<long> accepted;
    private readonly Counter<long> rejected;
    private readonly Counter<long> windows;
    private readonly Counter<long> sampled;
    private readonly Counter<long> unsampled;
    private readonly Counter<long> alerts;

    public DriftMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        accepted = meter.CreateCounter<long>("mlops.drift.records.accepted", "{record}", "Prediction records put into windows.");
        rejected = meter.CreateCounter<long>("mlops.drift.records.rejected", "{record}", "Prediction records refused as malformed or for an unknown model.");
        windows = meter.CreateCounter<long>("mlops.drift.windows.closed", "{window}", "Windows closed and tested, by verdict.");
        sampled = meter.CreateCounter<long>("mlops.drift.records.sampled", "{record}", "Records of closed windows that their tests used.");
        unsampled = meter.CreateCounter<long>("mlops.drift.records.unsampled", "{record}", "Records of closed windows left out of the window's uniform sample (traffic beyond the window size).");
        alerts = meter.CreateCounter<long>("mlops.drift.alerts.raised", "{alert}", "Drift alerts raised.");
    }

    public void Accepted(ModelKey model, long count) => accepted.Add(count, Tags(model));

    public void Rejected(long count) => rejected.Add(count);

    public void WindowClosed(ModelKey model, string verdict, int held, long seen)
    {
        windows.Add(1, Tags(model), new KeyValuePair<string, object?>("verdict", verdict));
        sampled.Add(held, Tags(model));
        unsampled.Add(seen - held, Tags(model));
    }

    public void AlertRaised(ModelKey model) => alerts.Add(1, Tags(model));

    private static KeyValuePair<string, object?> Tags(ModelKey model) => new("model", model.ToString());
}
