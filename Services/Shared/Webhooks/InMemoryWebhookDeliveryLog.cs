using System.Collections.Concurrent;

namespace Mlops.Webhooks;

/// <summary>The latest state of each delivery, in memory: for services that need no history across restarts, and for tests.</summary>
public sealed class InMemoryWebhookDeliveryLog : IWebhookDeliveryLog
{
    private readonly ConcurrentDictionary<string, WebhookDelivery> deliveries = new();

    public event Action<WebhookDelivery>? Recorded;

    public IReadOnlyList<WebhookDelivery> All => [.. deliveries.Values.OrderBy(delivery => delivery.CreatedAt)];

    public void Record(WebhookDelivery delivery)
    {
        deliveries[delivery.Id] = delivery;
        Recorded?.Invoke(delivery);
    }

    public IReadOnlyList<WebhookDelivery> Pending() => [.. All.Where(delivery => delivery.Status == WebhookDeliveryStatus.Pending)];
}
