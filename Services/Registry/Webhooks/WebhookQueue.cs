using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Registry.Events;
using Mlops.Registry.Repositories;
using Mlops.Registry.V1;

namespace Mlops.Registry.Webhooks;

/// <summary>
/// Turns each alias change into one pending delivery per configured URL, recorded in the database (so a restart
/// resumes it) and queued for the <see cref="WebhookSender"/>; the promotion that caused it never waits.
/// </summary>
public sealed partial class WebhookQueue(
    IWebhookDeliveryRepository deliveries, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookQueue> logger) : IAliasChangeSink
{
    private readonly Channel<WebhookDelivery> queue = Channel.CreateUnbounded<WebhookDelivery>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<WebhookDelivery> Reader => queue.Reader;

    public void Publish(AliasChange change)
    {
        foreach (var url in options.Value.Urls.Where(url => !string.IsNullOrWhiteSpace(url)))
        {
            var now = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
            var delivery = new WebhookDelivery
            {
                Id = Guid.CreateVersion7().ToString("N"),
                Url = url,
                Status = WebhookDeliveryStatus.Pending,
                Change = change,
                CreatedAt = now,
                UpdatedAt = now,
            };
            try
            {
                deliveries.Insert(delivery);
            }
            catch (Exception error) when (error is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                LogNotRecorded(logger, error, url);
            }

            queue.Writer.TryWrite(delivery);
        }
    }

    /// <summary>Queues deliveries that a previous process left pending.</summary>
    public void Resume(IEnumerable<WebhookDelivery> pending)
    {
        foreach (var delivery in pending)
        {
            queue.Writer.TryWrite(delivery);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the webhook delivery to {Url}; sending it anyway")]
    private static partial void LogNotRecorded(ILogger logger, Exception error, string url);
}
