using Mlops.Registry.Model;
using Mlops.Webhooks;

namespace Mlops.Registry.Events;

/// <summary>Queues each alias change for the configured webhooks (Registry:Webhooks), signed and naming its delivery; sending happens in the background.</summary>
public sealed class WebhookAliasPublisher(WebhookQueue queue) : IAliasChangeSink
{
    public void Publish(AliasMove change) =>
        queue.Enqueue(AliasChangeJson.EventName, deliveryId => AliasChangeJson.Serialize(change, deliveryId));
}
