using Mlops.Drift.Model;

namespace Mlops.Drift.Alerts;

/// <summary>Somewhere a newly raised alert goes (watchers, Redis, webhooks); must return at once and never throw.</summary>
public interface IAlertSink
{
    void Publish(DriftAlert alert);
}
