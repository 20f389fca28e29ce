using Mlops.Drift.Repositories;
using Mlops.Storage;
using Mlops.Webhooks;

namespace Mlops.Drift.Tests;

/// <summary>An alert webhook still pending when the drift service stops is in the log for the next start to resend.</summary>
public sealed class WebhookDeliveryLogTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-drift-webhooks-").FullName;

    [Fact]
    public void Pending_deliveries_come_back_oldest_first_with_their_exact_body_and_attempts()
    {
        var log = Open();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        log.Record(Delivery("later", now.AddSeconds(5), WebhookDeliveryStatus.Pending, attempts: 0));
        log.Record(Delivery("earlier", now, WebhookDeliveryStatus.Pending, attempts: 0));
        log.Record(Delivery("earlier", now, WebhookDeliveryStatus.Pending, attempts: 2) with { LastError = "HTTP 503" });
        log.Record(Delivery("done", now, WebhookDeliveryStatus.Delivered, attempts: 1));
        log.Record(Delivery("given-up", now, WebhookDeliveryStatus.Failed, attempts: 5));

        var pending = Open().Pending();

        Assert.Equal(["earlier", "later"], pending.Select(delivery => delivery.Id));
        var earlier = pending[0];
        Assert.Equal(2, earlier.Attempts);
        Assert.Equal("HTTP 503", earlier.LastError);
        Assert.Equal("drift.alert", earlier.EventName);
        Assert.Equal("http://127.0.0.1:9/hook", earlier.Url);
        Assert.Equal(Body("earlier"), earlier.Body);
        Assert.Equal(now, earlier.CreatedAt);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private SqlWebhookDeliveryLog Open() =>
        new(new SqliteDatabase(Path.Combine(folder, "drift.db"), DriftSchema.Migrations));

    private static byte[] Body(string id) => System.Text.Encoding.UTF8.GetBytes($$"""{"alert":"{{id}}"}""");

    private static WebhookDelivery Delivery(string id, DateTimeOffset created, WebhookDeliveryStatus status, int attempts) => new()
    {
        Id = id,
        Url = "http://127.0.0.1:9/hook",
        EventName = "drift.alert",
        Body = Body(id),
        Status = status,
        Attempts = attempts,
        CreatedAt = created,
        UpdatedAt = created.AddSeconds(attempts),
    };
}
