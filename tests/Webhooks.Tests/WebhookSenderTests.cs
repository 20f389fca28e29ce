using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops.TestSupport;

namespace Mlops.Webhooks.Tests;

public sealed class WebhookSenderTests
{
    private const string Secret = "drift-secret";
    // How long a delivery may take to finish on a loaded machine; the waits return as soon as it has.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Delivers_a_signed_json_body_that_the_receiver_can_verify()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (queue, log, sender) = Start(receiver.Url.ToString());
        var body = Encoding.UTF8.GetBytes("""{"model":"fashion","version":3}""");

        queue.Enqueue("drift.alert", body);
        var outcome = await WaitForFinalAsync(log, 1);
        await sender.StopAsync(CancellationToken.None);

        var received = Assert.Single(receiver.Received);
        Assert.Equal(body, received.Body);
        Assert.True(WebhookSignature.Verify(Secret, received.Body, received.Signature), $"signature {received.Signature} does not verify");
        Assert.Equal("drift.alert", received.EventName);
        Assert.StartsWith("application/json", received.ContentType);
        Assert.Equal(WebhookDeliveryStatus.Delivered, outcome[0].Status);
        Assert.Equal(1, outcome[0].Attempts);
    }

    [Fact]
    public async Task Retries_a_server_error_with_backoff_until_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503, 500);
        var (queue, log, sender) = Start(receiver.Url.ToString());

        queue.Enqueue("drift.alert", Encoding.UTF8.GetBytes("{}"));
        var outcome = await WaitForFinalAsync(log, 1);
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(WebhookDeliveryStatus.Delivered, outcome[0].Status);
        Assert.Equal(3, outcome[0].Attempts);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(400);
        var (queue, log, sender) = Start(receiver.Url.ToString());

        queue.Enqueue("drift.alert", Encoding.UTF8.GetBytes("{}"));
        var outcome = await WaitForFinalAsync(log, 1);
        await sender.StopAsync(CancellationToken.None);

        Assert.Single(receiver.Received);
        Assert.Equal(WebhookDeliveryStatus.Failed, outcome[0].Status);
        Assert.Contains("400", outcome[0].LastError);
    }

    [Fact]
    public async Task A_receiver_that_is_down_does_not_block_the_caller_and_ends_failed_after_its_retries()
    {
        var downUrl = $"http://127.0.0.1:{FreePort.Next()}/hook";
        await using var receiver = await WebhookReceiver.StartAsync();
        var upUrl = receiver.Url.ToString();
        // Backoff delays run on this clock, so the dead receiver's retries wait for the test however fast or slow the machine is.
        var clock = new ManualClock();
        var (queue, log, sender) = Start(clock, downUrl, upUrl);

        var deliveries = queue.Enqueue("drift.alert", Encoding.UTF8.GetBytes("{}"));
        // Enqueue has returned: both deliveries exist and are pending before any attempt has been made or awaited.
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, delivery => Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status));
        Assert.All(deliveries, delivery => Assert.Equal(0, delivery.Attempts));

        // The healthy receiver gets its event while the dead one is still waiting for its first retry.
        var up = await WaitForAsync(log, delivery => delivery.Url == upUrl && delivery.Status != WebhookDeliveryStatus.Pending);
        var downAfterFirstAttempt = await WaitForAsync(log, delivery => delivery.Url == downUrl && delivery.Attempts == 1);
        Assert.Equal(WebhookDeliveryStatus.Delivered, up.Status);
        Assert.Equal(WebhookDeliveryStatus.Pending, downAfterFirstAttempt.Status);

        var down = await WaitForAsync(log, delivery => delivery.Url == downUrl && delivery.Status != WebhookDeliveryStatus.Pending, clock);
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal(WebhookDeliveryStatus.Failed, down.Status);
        Assert.Equal(3, down.Attempts);
        Assert.NotEmpty(down.LastError);
        Assert.Single(receiver.Received);
        Assert.True(up.UpdatedAt < down.UpdatedAt);
    }

    [Fact]
    public async Task A_restarted_sender_resends_what_the_log_holds_pending_with_the_same_delivery_id_and_body()
    {
        // The first answer is a server error, and the retry waits on a clock that never moves: the first sender stops with the delivery pending.
        await using var receiver = await WebhookReceiver.StartAsync(503);
        var log = new InMemoryWebhookDeliveryLog();
        var (queue, _, sender) = Start(new ManualClock(), log, receiver.Url.ToString());
        var created = Assert.Single(queue.Enqueue("drift.alert", deliveryId => Encoding.UTF8.GetBytes($$"""{"deliveryId":"{{deliveryId}}"}""")));
        var interrupted = await WaitForAsync(log, delivery => delivery.Attempts == 1);
        await sender.StopAsync(CancellationToken.None);
        Assert.Equal(WebhookDeliveryStatus.Pending, interrupted.Status);

        // The next process: a new queue and sender over the same log, and nothing enqueued on them.
        var (_, _, restarted) = Start(TimeProvider.System, log, receiver.Url.ToString());
        var delivered = await WaitForAsync(log, delivery => delivery.Status != WebhookDeliveryStatus.Pending);
        await restarted.StopAsync(CancellationToken.None);

        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(created.Id, delivered.Id);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, received =>
        {
            Assert.Equal(created.Id, received.DeliveryId);
            Assert.Equal($$"""{"deliveryId":"{{created.Id}}"}""", Encoding.UTF8.GetString(received.Body));
            Assert.True(WebhookSignature.Verify(Secret, received.Body, received.Signature), $"signature {received.Signature} does not verify");
        });
    }

    private static (WebhookQueue Queue, InMemoryWebhookDeliveryLog Log, WebhookSender Sender) Start(params string[] urls) =>
        Start(TimeProvider.System, urls);

    private static (WebhookQueue Queue, InMemoryWebhookDeliveryLog Log, WebhookSender Sender) Start(TimeProvider clock, params string[] urls) =>
        Start(clock, new InMemoryWebhookDeliveryLog(), urls);

    private static (WebhookQueue Queue, InMemoryWebhookDeliveryLog Log, WebhookSender Sender) Start(
        TimeProvider clock, InMemoryWebhookDeliveryLog log, params string[] urls)
    {
        var options = Options.Create(new WebhookOptions
        {
            Urls = [.. urls],
            Secret = Secret,
            MaxAttempts = 3,
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            // Far longer than a loaded machine takes to answer, so no attempt times out and the attempt counts stay exact.
            AttemptTimeout = TimeSpan.FromSeconds(60),
        });
        var queue = new WebhookQueue(log, options, clock, NullLogger<WebhookQueue>.Instance);
        var sender = new WebhookSender(queue, new HttpClient(), options, clock, NullLogger<WebhookSender>.Instance);
        sender.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return (queue, log, sender);
    }

    /// <summary>Polls until a delivery matches; with <paramref name="clock"/>, moves it on past every backoff while waiting.</summary>
    private static async Task<WebhookDelivery> WaitForAsync(InMemoryWebhookDeliveryLog log, Func<WebhookDelivery, bool> condition, ManualClock? clock = null)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            if (log.All.FirstOrDefault(condition) is { } match)
            {
                return match;
            }

            clock?.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        throw new TimeoutException($"No matching delivery within {Patience.TotalSeconds:0} s: " +
            string.Join("; ", log.All.Select(d => $"{d.Url} {d.Status} {d.Attempts} {d.LastError}")));
    }

    private static async Task<IReadOnlyList<WebhookDelivery>> WaitForFinalAsync(InMemoryWebhookDeliveryLog log, int count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            var final = log.All.Where(delivery => delivery.Status != WebhookDeliveryStatus.Pending).ToList();
            if (final.Count >= count)
            {
                return final;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Only {log.All.Count(d => d.Status != WebhookDeliveryStatus.Pending)} of {count} deliveries finished: " +
            string.Join("; ", log.All.Select(d => $"{d.Url} {d.Status} {d.Attempts} {d.LastError}")));
    }
}
