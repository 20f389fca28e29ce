using System.Net.Http.Headers;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Registry.Events;
using Mlops.Registry.Repositories;
using Mlops.Registry.V1;

namespace Mlops.Registry.Webhooks;

/// <summary>
/// Sends queued webhook deliveries in the background: POST the JSON body, signed; retry with exponential backoff on a
/// connection error, a timeout or a 5xx/408/429 answer; record the outcome (delivered, or failed after the last attempt).
/// </summary>
public sealed partial class WebhookSender(
    WebhookQueue queue,
    IWebhookDeliveryRepository deliveries,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public const string EventHeader = "X-Mlops-Event";
    public const string DeliveryHeader = "X-Mlops-Delivery";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        queue.Resume(deliveries.List(WebhookDeliveryStatus.Pending, int.MaxValue).Reverse());
        using var slots = new SemaphoreSlim(Math.Max(1, options.Value.Concurrency));
        var inFlight = new List<Task>();
        try
        {
            await foreach (var delivery in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                inFlight.RemoveAll(task => task.IsCompleted);
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await DeliverAsync(delivery, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still pending stays pending in the database and is resumed at the next start.
        }

        await Task.WhenAll(inFlight);
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var body = AliasChangeJson.Serialize(delivery.Change, delivery.Id);
        var signature = WebhookSignature.Compute(settings.Secret, body);
        var backoff = settings.InitialBackoff;
        var client = httpClients.CreateClient(HttpClientName);
        for (var attempt = delivery.Attempts + 1; attempt <= settings.MaxAttempts; attempt++)
        {
            var (delivered, retryable, outcome) = await AttemptAsync(client, delivery.Url, body, signature, delivery.Id, settings.AttemptTimeout, stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            delivery.Attempts = attempt;
            delivery.LastError = delivered ? "" : outcome;
            var last = delivered || !retryable || attempt == settings.MaxAttempts;
            delivery.Status = delivered ? WebhookDeliveryStatus.Delivered : last ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
            delivery.UpdatedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
            deliveries.Update(delivery);
            if (last)
            {
                if (!delivered)
                {
                    LogFailed(logger, delivery.Url, attempt, outcome);
                }

                return;
            }

            try
            {
                await Task.Delay(backoff, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff *= 2;
        }
    }

    private static async Task<(bool Delivered, bool Retryable, string Outcome)> AttemptAsync(
        HttpClient client, string url, byte[] body, string signature, string deliveryId, TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, signature);
        request.Headers.Add(EventHeader, AliasChangeJson.EventName);
        request.Headers.Add(DeliveryHeader, deliveryId);
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attemptTimeout.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, attemptTimeout.Token);
            var code = (int)response.StatusCode;
            var retryable = code >= 500 || code is 408 or 429;
            return (response.IsSuccessStatusCode, retryable, $"HTTP {code} {response.ReasonPhrase}");
        }
        catch (HttpRequestException error)
        {
            return (false, true, error.Message);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, true, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            return (false, true, "the registry is shutting down");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery to {Url} failed after {Attempts} attempts: {Outcome}")]
    private static partial void LogFailed(ILogger logger, string url, int attempts, string outcome);
}
