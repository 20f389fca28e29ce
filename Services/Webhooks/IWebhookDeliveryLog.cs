namespace Mlops.Webhooks;

/// <summary>Where a service keeps its delivery outcomes: called when a delivery is queued and after every attempt.</summary>
public interface IWebhookDeliveryLog
{
    void Record(WebhookDelivery delivery);
}
