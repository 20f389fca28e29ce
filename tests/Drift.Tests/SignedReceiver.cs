using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mlops.TestSupport;
using Mlops.Webhooks;

namespace Mlops.Drift.Tests;

/// <summary>A real Kestrel webhook receiver on a free loopback port that keeps the bodies whose signature verifies.</summary>
public sealed class SignedReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private SignedReceiver(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<(string Body, bool SignatureValid)> Received { get; } = new();

    public static async Task<SignedReceiver> StartAsync(string secret)
    {
        var port = FreePort.Next();
        // A content root without the Drift service's appsettings.json (copied beside the tests), whose Kestrel endpoints would win over UseUrls.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new SignedReceiver(app, new Uri($"http://127.0.0.1:{port}/alerts"));
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            receiver.Received.Enqueue((System.Text.Encoding.UTF8.GetString(body),
                WebhookSignature.Verify(secret, body, request.Headers[WebhookSignature.Header].ToString())));
            return Results.Ok();
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
