using Mlops.Registry.V1;

namespace Mlops.Registry.Repositories;

/// <summary>The webhook deliveries as the ListWebhookDeliveries call reports them, each with the alias change it sent.</summary>
public interface IWebhookDeliveryRepository
{
    /// <summary>Deliveries newest first, of one status or of all when it is unspecified.</summary>
    IReadOnlyList<WebhookDelivery> List(WebhookDeliveryStatus status, int limit);
}
