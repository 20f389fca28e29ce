using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Drift.V1;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

/// <summary>
/// A stand-in for the drift service's Record RPC (the drift service's own Record is not written yet): a real gRPC server on
/// loopback that keeps every record it receives.
/// </summary>
public sealed class DriftRecorder : IAsyncDisposable
{
    private readonly WebApplication app;

    private DriftRecorder(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<ReceivedRecord> Received { get; } = new();

    public static async Task<DriftRecorder> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();

        // The test folder's appsettings.json (copied from the services) declares their Kestrel endpoints: not for this server.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<RecordingService>();
        var app = builder.Build();
        var recorder = new DriftRecorder(app, new Uri($"http://127.0.0.1:{port}"));
        app.Services.GetRequiredService<RecordingService>().Recorder = recorder;
        app.MapGrpcService<RecordingService>();
        await app.StartAsync();
        return recorder;
    }

    /// <summary>One record as received, with the feature names and the model lineage of its batch.</summary>
    public sealed record ReceivedRecord(IReadOnlyList<string> FeatureNames, PredictionRecord Record, IReadOnlyList<ModelLineage> Models);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class RecordingService : DriftService.DriftServiceBase
    {
        public DriftRecorder? Recorder { get; set; }

        public override async Task<RecordSummary> Record(IAsyncStreamReader<RecordBatch> requestStream, ServerCallContext context)
        {
            long accepted = 0;
            await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
            {
                foreach (var record in batch.Records)
                {
                    Recorder!.Received.Enqueue(new ReceivedRecord(batch.FeatureNames.ToList(), record, batch.Models.ToList()));
                    accepted++;
                }
            }

            return new RecordSummary { Accepted = accepted };
        }
    }
}
