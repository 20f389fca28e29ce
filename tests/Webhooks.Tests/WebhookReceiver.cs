using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mlops.TestSupport;

namespace Mlops.Webhooks.Tests;

/// <summary>A real Kestrel server on a free loopback port that records what it receives and answers with scripted status codes.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> scriptedStatuses;

    private WebhookReceiver(WebApplication app, IEnumerable<int> statuses, Uri url)
    {
        this.app = app;
        scriptedStatuses = new ConcurrentQueue<int>(statuses);
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Starts the receiver; it answers with <paramref name="statuses"/> in turn, then 200.</summary>
    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, statuses, new Uri($"http://127.0.0.1:{port}/hook"));
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            receiver.Received.Enqueue(new ReceivedWebhook(
                buffer.ToArray(),
                request.Headers[WebhookSignature.Header].ToString(),
                request.Headers[WebhookSender.EventHeader].ToString(),
                request.Headers[WebhookSender.DeliveryHeader].ToString(),
                request.ContentType));
            return Results.StatusCode(receiver.scriptedStatuses.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal sealed record ReceivedWebhook(byte[] Body, string Signature, string EventName, string DeliveryId, string? ContentType);
