using Dapper;
using Google.Protobuf;
using Mlops.Registry.V1;
using Mlops.Storage;

namespace Mlops.Registry.Repositories;

public sealed class SqliteWebhookDeliveryRepository(SqliteDatabase database) : IWebhookDeliveryRepository
{
    public void Insert(WebhookDelivery delivery)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO webhook_deliveries (id, url, status, attempts, last_error, change, created_at, updated_at)
            VALUES (@Id, @Url, @Status, @Attempts, @LastError, @Change, @CreatedAt, @UpdatedAt)
            """,
            Parameters(delivery));
    }

    public void Update(WebhookDelivery delivery)
    {
        using var connection = database.Open();
        connection.Execute(
            "UPDATE webhook_deliveries SET status = @Status, attempts = @Attempts, last_error = @LastError, updated_at = @UpdatedAt WHERE id = @Id",
            Parameters(delivery));
    }

    public IReadOnlyList<WebhookDelivery> List(WebhookDeliveryStatus status, int limit)
    {
        using var connection = database.Open();
        return connection.Query<Row>(
                """
                SELECT id, url, status, attempts, last_error AS LastError, change, created_at AS CreatedAt, updated_at AS UpdatedAt
                FROM webhook_deliveries WHERE @status = 0 OR status = @status
                ORDER BY created_at DESC, rowid DESC LIMIT @limit
                """,
                new { status = (int)status, limit })
            .Select(row => new WebhookDelivery
            {
                Id = row.Id,
                Url = row.Url,
                Status = (WebhookDeliveryStatus)row.Status,
                Attempts = (int)row.Attempts,
                LastError = row.LastError,
                Change = AliasChange.Parser.ParseFrom(row.Change),
                CreatedAt = StoredTime.Parse(row.CreatedAt),
                UpdatedAt = StoredTime.Parse(row.UpdatedAt),
            })
            .ToList();
    }

    private static object Parameters(WebhookDelivery delivery) => new
    {
        delivery.Id,
        delivery.Url,
        Status = (int)delivery.Status,
        delivery.Attempts,
        delivery.LastError,
        Change = delivery.Change.ToByteArray(),
        CreatedAt = StoredTime.Format(delivery.CreatedAt.ToDateTimeOffset()),
        UpdatedAt = StoredTime.Format(delivery.UpdatedAt.ToDateTimeOffset()),
    };

    private sealed record Row(string Id, string Url, long Status, long Attempts, string LastError, byte[] Change, string CreatedAt, string UpdatedAt);
}
