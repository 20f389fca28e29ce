using Mlops.Registry.V1;

namespace Mlops.Registry.Repositories;

public interface IWebhookDeliveryRepository
{
    void Insert(WebhookDelivery delivery);

    /// <summary>Stores a delivery's status, attempt count, last error and update time.</summary>
    void Update(WebhookDelivery delivery);

    /// <summary>Deliveries newest first, of one status or of all when it is unspecified.</summary>
    IReadOnlyList<WebhookDelivery> List(WebhookDeliveryStatus status, int limit);
}
