namespace Mlops.Webhooks;

/// <summary>Where a service keeps its delivery outcomes: called when a delivery is queued and after every attempt.</summary>
public interface IWebhookDeliveryLog
{
    void Record(WebhookDelivery delivery);

    /// <summary>
    /// The deliveries still pending, oldest first, with the attempts they have had and their exact body. A new
    /// <see cref="WebhookQueue"/> queues them again, so a log that outlives the process loses no event to a restart;
    /// a log that keeps nothing worth resending returns none.
    /// </summary>
    IReadOnlyList<WebhookDelivery> Pending() => [];
}
