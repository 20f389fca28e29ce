using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Drift.V1;
using Mlops.Inference.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.Soak.Benchmarks;

/// <summary>
/// Callers that keep the stack busy until stopped: most calls predict, the rest list runs, models and datasets and read
/// drift windows, and one caller imports a small dataset (the 1,000-image sample test split) every few seconds.
/// Counts what succeeded and what failed, per kind of call.
/// </summary>
public sealed class MixedLoad(SoakStack stack)
{
    public ConcurrentDictionary<string, (long Ok, long Failed)> Counts { get; } = new();

    public ConcurrentDictionary<string, string> FirstErrors { get; } = new();

    public Task RunAsync(int workers, TimeSpan importEvery, CancellationToken stop) =>
        Task.WhenAll([.. Enumerable.Range(0, workers).Select(worker => Task.Run(() => CallerAsync(worker, stop), stop)), Task.Run(() => ImporterAsync(importEvery, stop), stop)]);

    private async Task CallerAsync(int worker, CancellationToken stop)
    {
        var inference = new InferenceService.InferenceServiceClient(stack.Inference.Channel);
        var registry = new RegistryService.RegistryServiceClient(stack.Registry.Channel);
        var ingestion = new IngestionService.IngestionServiceClient(stack.Ingestion.Channel);
        var drift = new DriftService.DriftServiceClient(stack.Drift.Channel);
        var images = FashionMnistSample.Test;
        for (var index = worker; !stop.IsCancellationRequested; index++)
        {
            var kind = (index % 20) switch
            {
                < 14 => "predict",
                < 16 => "list-runs",
                < 17 => "list-models",
                < 18 => "list-datasets",
                _ => "drift-windows",
            };
            await CountAsync(kind, kind switch
            {
                "predict" => inference.PredictAsync(new PredictRequest
                {
                    ModelName = SoakStack.Model,
                    Image = new ImageInput
                    {
                        Pixels = new RawPixels
                        {
                            Shape = new Common.V1.ImageShape { Channels = 1, Height = images.Height, Width = images.Width },
                            Uint8Data = ByteString.CopyFrom(images.Image(index % images.Count)),
                        },
                    },
                }, cancellationToken: stop).ResponseAsync,
                "list-runs" => registry.ListRunsAsync(new ListRunsRequest(), cancellationToken: stop).ResponseAsync,
                "list-models" => registry.ListModelsAsync(new ListModelsRequest(), cancellationToken: stop).ResponseAsync,
                "list-datasets" => ingestion.ListDatasetsAsync(new ListDatasetsRequest(), cancellationToken: stop).ResponseAsync,
                _ => drift.ListWindowsAsync(new ListWindowsRequest { ModelName = SoakStack.Model, ModelVersion = stack.ModelVersion, Limit = 10 }, cancellationToken: stop).ResponseAsync,
            });
        }
    }

    private async Task ImporterAsync(TimeSpan every, CancellationToken stop)
    {
        var ingestion = new IngestionService.IngestionServiceClient(stack.Ingestion.Channel);
        for (var index = 0; !stop.IsCancellationRequested; index++)
        {
            // A few names, so imports add versions to existing datasets as well as new datasets.
            await CountAsync("import-small", ingestion.ImportDatasetAsync(SoakStack.SmallImport($"soak-{index % 5}"), cancellationToken: stop).ResponseAsync);
            try
            {
                await Task.Delay(every, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CountAsync(string kind, Task call)
    {
        var failed = false;
        try
        {
            await call;
        }
        catch (RpcException error) when (error.StatusCode != StatusCode.Cancelled)
        {
            failed = true;
            FirstErrors.TryAdd(kind, error.Status.ToString());
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException)
        {
            return;
        }

        Counts.AddOrUpdate(kind, failed ? (0, 1) : (1, 0), (_, counts) => failed ? (counts.Ok, counts.Failed + 1) : (counts.Ok + 1, counts.Failed));
    }
}
