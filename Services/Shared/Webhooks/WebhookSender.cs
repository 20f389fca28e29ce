using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mlops.Webhooks;

/// <summary>
/// Sends queued deliveries in the background: POST the JSON body, signed; retry with exponential backoff on a
/// connection error, a timeout or a 5xx/408/429 answer; record the outcome (delivered, or failed after the last attempt).
/// </summary>
public sealed partial class WebhookSender(
    WebhookQueue queue,
    HttpClient client,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public const string EventHeader = "X-Mlops-Event";
    public const string DeliveryHeader = "X-Mlops-Delivery";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
            // Shutting down: deliveries not yet finished stay pending in the log; a log that keeps them has them resumed at the next start.
        }

        await Task.WhenAll(inFlight);
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var signature = WebhookSignature.Compute(settings.Secret, delivery.Body);
        var backoff = settings.InitialBackoff;
        for (var attempt = delivery.Attempts + 1; attempt <= settings.MaxAttempts; attempt++)
        {
            var (delivered, retryable, outcome) = await AttemptAsync(delivery, signature, settings.AttemptTimeout, stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var last = delivered || !retryable || attempt == settings.MaxAttempts;
            delivery = delivery with
            {
                Attempts = attempt,
                LastError = delivered ? "" : outcome,
                Status = delivered ? WebhookDeliveryStatus.Delivered : last ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending,
                UpdatedAt = clock.GetUtcNow(),
            };
            queue.Record(delivery);
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

    private async Task<(bool Delivered, bool Retryable, string Outcome)> AttemptAsync(
        WebhookDelivery delivery, string signature, TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, signature);
        request.Headers.Add(EventHeader, delivery.EventName);
        request.Headers.Add(DeliveryHeader, delivery.Id);
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
            return (false, true, "the service is shutting down");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery to {Url} failed after {Attempts} attempts: {Outcome}")]
    private static partial void LogFailed(ILogger logger, string url, int attempts, string outcome);
}
