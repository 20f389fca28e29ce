using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mlops.Webhooks;

/// <summary>
/// Turns each event into one pending delivery per configured URL, recorded in the delivery log and queued for the
/// <see cref="WebhookSender"/>. <see cref="Enqueue(string, byte[])"/> never waits on the network, so the caller never blocks.
/// </summary>
public sealed partial class WebhookQueue
{
    private readonly Channel<WebhookDelivery> queue = Channel.CreateUnbounded<WebhookDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IWebhookDeliveryLog log;
    private readonly IOptions<WebhookOptions> options;
    private readonly TimeProvider clock;
    private readonly ILogger<WebhookQueue> logger;

    /// <summary>Starts with what the log holds pending from a previous process, so a restart resumes it ahead of new events.</summary>
    public WebhookQueue(IWebhookDeliveryLog log, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookQueue> logger)
    {
        this.log = log;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
        // Read here rather than when the sender starts: nothing can have been enqueued on this queue yet, so nothing is sent twice.
        Resume(ReadPending());
    }

    public ChannelReader<WebhookDelivery> Reader => queue.Reader;

    /// <summary>Queues <paramref name="body"/> (the exact bytes to POST) for every configured URL; returns the deliveries created.</summary>
    public IReadOnlyList<WebhookDelivery> Enqueue(string eventName, byte[] body) => Enqueue(eventName, _ => body);

    /// <summary>
    /// Queues an event for every configured URL, with a body that may name its delivery: <paramref name="bodyFor"/> gets
    /// each delivery's id and returns the exact bytes to POST. Returns the deliveries created.
    /// </summary>
    public IReadOnlyList<WebhookDelivery> Enqueue(string eventName, Func<string, byte[]> bodyFor)
    {
        var created = new List<WebhookDelivery>();
        foreach (var url in options.Value.Urls.Where(url => !string.IsNullOrWhiteSpace(url)))
        {
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7().ToString("N");
            var delivery = new WebhookDelivery
            {
                Id = id,
                Url = url,
                EventName = eventName,
                Body = bodyFor(id),
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

    private IReadOnlyList<WebhookDelivery> ReadPending()
    {
        try
        {
            return log.Pending();
        }
#pragma warning disable CA1031 // A delivery log that cannot be read must not stop new events from being sent.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogNotResumed(logger, error);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the webhook delivery to {Url} ({Status}); sending it anyway")]
    private static partial void LogNotRecorded(ILogger logger, Exception error, string url, WebhookDeliveryStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the pending webhook deliveries; those left by the previous run are not resent")]
    private static partial void LogNotResumed(ILogger logger, Exception error);
}
