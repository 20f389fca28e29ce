using Mlops.Registry.Model;
using Mlops.Webhooks;

namespace Mlops.Registry.Repositories;

/// <summary>The webhook deliveries as the ListWebhookDeliveries call reports them, each with the alias change it sent.</summary>
public interface IWebhookDeliveryRepository
{
    /// <summary>Deliveries newest first, of one status or of all when it is null.</summary>
    IReadOnlyList<WebhookDeliveryEntry> List(WebhookDeliveryStatus? status, int limit);
}
