using Dapper;
using Mlops.Storage;
using Mlops.Webhooks;

namespace Mlops.Drift.Repositories;

/// <summary>Each alert webhook delivery's latest state, in the drift database; pending ones are resent after a restart.</summary>
public sealed class SqlWebhookDeliveryLog(MetadataDatabase database) : IWebhookDeliveryLog
{
    public void Record(WebhookDelivery delivery)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO webhook_deliveries (id, url, event, status, attempts, last_error, created_at, updated_at, body)
            VALUES (@Id, @Url, @EventName, @status, @Attempts, @LastError, @created, @updated, @Body)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
                last_error = excluded.last_error, updated_at = excluded.updated_at
            """,
            new
            {
                delivery.Id,
                delivery.Url,
                delivery.EventName,
                status = delivery.Status.ToString(),
                delivery.Attempts,
                delivery.LastError,
                created = delivery.CreatedAt.ToUnixTimeMilliseconds(),
                updated = delivery.UpdatedAt.ToUnixTimeMilliseconds(),
                delivery.Body,
            });
    }

    public IReadOnlyList<WebhookDelivery> Pending()
    {
        using var connection = database.Open();
        return connection.Query<(string Id, string Url, string EventName, long Attempts, string LastError, long Created, long Updated, byte[] Body)>(
                "SELECT id, url, event, attempts, last_error, created_at, updated_at, body FROM webhook_deliveries WHERE status = @status ORDER BY created_at",
                new { status = nameof(WebhookDeliveryStatus.Pending) })
            .Select(row => new WebhookDelivery
            {
                Id = row.Id,
                Url = row.Url,
                EventName = row.EventName,
                Body = row.Body,
                Attempts = (int)row.Attempts,
                LastError = row.LastError,
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.Created),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.Updated),
            })
            .ToList();
    }

    public IReadOnlyList<(string Url, string Status, int Attempts, string LastError)> List()
    {
        using var connection = database.Open();
        return connection.Query<(string, string, long, string)>(
                "SELECT url, status, attempts, last_error FROM webhook_deliveries ORDER BY created_at DESC")
            .Select(row => (row.Item1, row.Item2, (int)row.Item3, row.Item4))
            .ToList();
    }
}
