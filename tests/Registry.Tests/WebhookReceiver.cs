using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>A tiny HTTP server on a free loopback port that records every POST it receives (the webhook's other end).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<ReceivedCall> calls = Channel.CreateUnbounded<ReceivedCall>();
    private readonly TaskCompletionSource answering = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Starts the receiver; with <paramref name="holdAnswers"/> it takes calls in but answers none until <see cref="Answer"/>.</summary>
    public static async Task<WebhookReceiver> StartAsync(bool holdAnswers = false)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/hooks/registry");
        var builder = WebApplication.CreateSlimBuilder();
        // The test folder holds the registry's appsettings.json (copied with the project reference); its Kestrel endpoints are not ours.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, url.Port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, url);
        app.MapPost(url.AbsolutePath, async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.calls.Writer.TryWrite(new ReceivedCall(
                body.ToArray(), request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            if (holdAnswers)
            {
                await receiver.answering.Task;
            }

            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<ReceivedCall> NextCallAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await calls.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Lets a receiver started with holdAnswers answer every call it holds, and every later one at once.</summary>
    public void Answer() => answering.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Answer();
        await app.DisposeAsync();
    }

    internal sealed record ReceivedCall(byte[] Body, IReadOnlyDictionary<string, string> Headers);
}
