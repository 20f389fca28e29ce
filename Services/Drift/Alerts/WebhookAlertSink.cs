using Mlops.Drift.Model;
using Mlops.Webhooks;

namespace Mlops.Drift.Alerts;

/// <summary>Queues each alert for the configured webhooks (Drift:Webhooks), signed; delivery happens in the background.</summary>
public sealed class WebhookAlertSink(WebhookQueue queue) : IAlertSink
{
    public void Publish(DriftAlert alert) => queue.Enqueue(AlertJson.EventName, AlertJson.Serialize(alert));
}
