using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mlops.Webhooks;

/// <summary>
/// Turns each event into one pending delivery per configured URL, recorded in the delivery log and queued for the
/// <see cref="WebhookSender"/>. <see cref="Enqueue"/> never waits on the network, so the caller never blocks.
/// </summary>
public sealed partial class WebhookQueue(
    IWebhookDeliveryLog log, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookQueue> logger)
{
    private readonly Channel<WebhookDelivery> queue = Channel.CreateUnbounded<WebhookDelivery>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<WebhookDelivery> Reader => queue.Reader;

    /// <summary>Queues <paramref name="body"/> (the exact bytes to POST) for every configured URL; returns the deliveries created.</summary>
    public IReadOnlyList<WebhookDelivery> Enqueue(string eventName, byte[] body)
    {
        var created = new List<WebhookDelivery>();
        foreach (var url in options.Value.Urls.Where(url => !string.IsNullOrWhiteSpace(url)))
        {
            var now = clock.GetUtcNow();
            var delivery = new WebhookDelivery
            {
                Id = Guid.CreateVersion7().ToString("N"),
                Url = url,
                EventName = eventName,
                Body = body,
                CreatedAt = now,
                UpdatedAt = now,
            };
            Record(delivery);
            queue.Writer.TryWrite(delivery);
            created.Add(delivery);
        }

        return created;
    }

    /// <summary>Queues deliveries that a previous process left pending.</summary>
    public void Resume(IEnumerable<WebhookDelivery> pending)
    {
        foreach (var delivery in pending)
        {
            queue.Writer.TryWrite(delivery);
        }
    }

    internal void Record(WebhookDelivery delivery)
    {
        try
        {
            log.Record(delivery);
        }
#pragma warning disable CA1031 // A delivery log that cannot write must not stop the event from being sent.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogNotRecorded(logger, error, delivery.Url, delivery.Status);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the webhook delivery to {Url} ({Status}); sending it anyway")]
    private static partial void LogNotRecorded(ILogger logger, Exception error, string url, WebhookDeliveryStatus status);
}
