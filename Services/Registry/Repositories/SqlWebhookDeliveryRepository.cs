using Dapper;
using Mlops.Registry.Events;
using Mlops.Registry.Grpc;
using Mlops.Registry.Model;
using Mlops.Storage;
using IWebhookDeliveryLog = Mlops.Webhooks.IWebhookDeliveryLog;
using SentDelivery = Mlops.Webhooks.WebhookDelivery;
using WebhookDeliveryStatus = Mlops.Webhooks.WebhookDeliveryStatus;

namespace Mlops.Registry.Repositories;

/// <summary>
/// Each webhook delivery's latest state in the registry database: the log the sender records to and resumes from after
/// a restart, and the list ListWebhookDeliveries reports. A row keeps the alias change, not the body: the body is
/// rebuilt from the change and the delivery id, the same bytes as first sent.
/// </summary>
public sealed class SqlWebhookDeliveryRepository(MetadataDatabase database) : IWebhookDeliveryRepository, IWebhookDeliveryLog
{
    public void Record(SentDelivery delivery)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO webhook_deliveries (id, url, status, attempts, last_error, change, created_at, updated_at)
            VALUES (@Id, @Url, @Status, @Attempts, @LastError, @Change, @CreatedAt, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
                last_error = excluded.last_error, updated_at = excluded.updated_at
            """,
            new
            {
                delivery.Id,
                delivery.Url,
                Status = Stored(delivery.Status),
                delivery.Attempts,
                delivery.LastError,
                Change = AliasChangeJson.Parse(delivery.Body).ToBytes(),
                CreatedAt = StoredTime.Format(delivery.CreatedAt),
                UpdatedAt = StoredTime.Format(delivery.UpdatedAt),
            });
    }

    public IReadOnlyList<SentDelivery> Pending() =>
        Query(WebhookDeliveryStatus.Pending, int.MaxValue).Reverse().Select(row => new SentDelivery
        {
            Id = row.Id,
            Url = row.Url,
            EventName = AliasChangeJson.EventName,
            Body = AliasChangeJson.Serialize(RegistryMapping.AliasMoveFromBytes(row.Change), row.Id),
            Status = WebhookDeliveryStatus.Pending,
            Attempts = (int)row.Attempts,
            LastError = row.LastError,
            CreatedAt = StoredTime.Parse(row.CreatedAt),
            UpdatedAt = StoredTime.Parse(row.UpdatedAt),
        }).ToList();

    public IReadOnlyList<WebhookDeliveryEntry> List(WebhookDeliveryStatus? status, int limit) =>
        Query(status, limit).Select(row => new WebhookDeliveryEntry
        {
            Id = row.Id,
            Url = row.Url,
            Status = Read(row.Status),
            Attempts = (int)row.Attempts,
            LastError = row.LastError,
            Change = RegistryMapping.AliasMoveFromBytes(row.Change),
            CreatedAt = StoredTime.Parse(row.CreatedAt),
            UpdatedAt = StoredTime.Parse(row.UpdatedAt),
        }).ToList();

    /// <summary>Rows newest first, of one status or of all when it is null.</summary>
    private IReadOnlyList<Row> Query(WebhookDeliveryStatus? status, int limit)
    {
        using var connection = database.Open();
        return connection.Query<Row>(
                """
                SELECT id, url, status, attempts, last_error AS LastError, change, created_at AS CreatedAt, updated_at AS UpdatedAt
                FROM webhook_deliveries WHERE @status = 0 OR status = @status
                ORDER BY created_at DESC, rowid DESC LIMIT @limit
                """,
                new { status = status is { } given ? Stored(given) : 0, limit })
            .ToList();
    }

    // The stored numbers are the contract's (1 pending, 2 delivered, 3 failed), so rows written before keep their meaning.
    private static int Stored(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => 1,
        WebhookDeliveryStatus.Delivered => 2,
        WebhookDeliveryStatus.Failed => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown webhook delivery status."),
    };

    private static WebhookDeliveryStatus Read(long stored) => stored switch
    {
        1 => WebhookDeliveryStatus.Pending,
        2 => WebhookDeliveryStatus.Delivered,
        _ => WebhookDeliveryStatus.Failed,
    };

    private sealed record Row(string Id, string Url, long Status, long Attempts, string LastError, byte[] Change, string CreatedAt, string UpdatedAt);
}
