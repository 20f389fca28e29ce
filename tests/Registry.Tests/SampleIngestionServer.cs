using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Common.V1;
using Mlops.Ingestion.V1;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>
/// Stands in for the Ingestion service (not finished when these tests were written): a gRPC server on a free loopback port that
/// serves the Fashion-MNIST sample as one dataset version through the real contract (GetDataset, StreamSamples of the test split),
/// so the registry's gate reads its test split over gRPC exactly as it does from Ingestion.
/// </summary>
internal sealed class SampleIngestionServer : IAsyncDisposable
{
    public const string DatasetVersionId = "fashion-mnist-sample-v1";

    private readonly WebApplication app;

    private SampleIngestionServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<SampleIngestionServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        // The test folder holds the registry's appsettings.json (copied with the project reference); its Kestrel endpoints are not ours.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<SampleIngestion>();
        await app.StartAsync();
        return new SampleIngestionServer(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private sealed class SampleIngestion : IngestionService.IngestionServiceBase
    {
        public override Task<DatasetVersion> GetDataset(GetDatasetRequest request, ServerCallContext context)
        {
            Require(request.Reference);
            var version = new DatasetVersion
            {
                Id = DatasetVersionId,
                Name = "fashion-mnist-sample",
                Shape = new ImageShape { Channels = 1, Height = 28, Width = 28 },
                ClassNames = { FashionMnistSample.ClassNames },
            };
            version.Splits.Add(new SplitSummary { Split = Split.Train, Count = FashionMnistSample.Train.Count });
            version.Splits.Add(new SplitSummary { Split = Split.Test, Count = FashionMnistSample.Test.Count });
            return Task.FromResult(version);
        }

        public override async Task StreamSamples(StreamSamplesRequest request, IServerStreamWriter<SampleBatch> responseStream, ServerCallContext context)
        {
            Require(request.VersionId);
            var images = request.Split == Split.Test ? FashionMnistSample.Test : FashionMnistSample.Train;
            var end = request.Limit > 0 ? Math.Min(images.Count, request.Offset + request.Limit) : images.Count;
            var batchSize = request.BatchSize > 0 ? request.BatchSize : 256;
            for (var start = (int)request.Offset; start < end; start += batchSize)
            {
                var count = (int)Math.Min(batchSize, end - start);
                await responseStream.WriteAsync(new SampleBatch
                {
                    StartIndex = start,
                    Count = count,
                    Pixels = ByteString.CopyFrom(images.Pixels, start * images.PixelsPerImage, count * images.PixelsPerImage),
                    Labels = ByteString.CopyFrom(images.Labels, start, count),
                });
            }
        }

        private static void Require(string reference)
        {
            if (reference != DatasetVersionId)
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"No dataset version matches '{reference}'."));
            }
        }
    }
}
