using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Imaging;
using Mlops.Inference.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// Every service killed (no graceful shutdown) and started again, one after another, while callers keep writing runs and
/// metrics, importing datasets and predicting. Calls may fail while a service is down; what a service acknowledged must
/// still be there afterwards, exactly as acknowledged, and every service must serve again.
/// </summary>
public sealed class RestartUnderLoadTests(ITestOutputHelper output)
{
    private readonly ConcurrentBag<(string RunId, bool Logged, bool Finished)> runs = [];
    private readonly ConcurrentBag<DatasetVersion> imports = [];
    private int predictions;

    [Fact]
    public async Task A_restart_of_every_service_under_load_loses_nothing_it_acknowledged()
    {
        await using var platform = new PlatformProcesses(output.WriteLine, new Dictionary<string, string?>());
        await platform.StartAsync();
        using var load = new CancellationTokenSource();
        var callers = new[]
        {
            Task.Run(() => WriteRunsAsync(platform, load.Token)),
            Task.Run(() => ImportAsync(platform, load.Token)),
            Task.Run(() => PredictAsync(platform, load.Token)),
        };

        await Progress("before the restarts");
        foreach (var name in new[] { "Registry", "Ingestion", "Training", "Drift", "Automation", "Inference" })
        {
            output.WriteLine($"restarting {name}");
            await platform[name].RestartAsync();
            await Progress($"after {name} restarted");
        }

        load.Cancel();
        await Task.WhenAll(callers);

        var registry = new RegistryService.RegistryServiceClient(platform["Registry"].Channel);
        foreach (var (runId, logged, finished) in runs)
        {
            var run = await registry.GetRunAsync(new GetRunRequest { RunId = runId });
            var history = await registry.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = runId, Key = "loss" });
            Assert.True(!finished || run.Status == RunStatus.Finished, $"run {runId} was acknowledged finished but is {run.Status}");
            Assert.True(!logged || history.Points.Count == 1, $"run {runId} had its metric acknowledged but holds {history.Points.Count} points");
        }

        var datasets = new IngestionService.IngestionServiceClient(platform["Ingestion"].Channel);
        foreach (var imported in imports)
        {
            var stored = await datasets.GetDatasetAsync(new GetDatasetRequest { Reference = imported.Id });
            Assert.Equal((imported.Name, imported.SizeBytes), (stored.Name, stored.SizeBytes));
            Assert.Equal(imported.Splits, stored.Splits);
        }

        // Each restart was followed by new acknowledged writes and predictions (Progress), the last one the inference service's.
        Assert.True(runs.Count(run => run.Finished) >= 7 && imports.Count >= 7, $"too little was written: {runs.Count} runs, {imports.Count} imports");
    }

    /// <summary>Waits until each caller has had at least one more call acknowledged.</summary>
    private async Task Progress(string when)
    {
        var (finished, imported, predicted) = (runs.Count(run => run.Finished), imports.Count, Volatile.Read(ref predictions));
        await Until(() => runs.Count(run => run.Finished) > finished && imports.Count > imported && Volatile.Read(ref predictions) > predicted,
            $"the load made no progress {when}");
    }

    private async Task WriteRunsAsync(PlatformProcesses platform, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string? runId = null;
            var logged = false;
            try
            {
                var registry = new RegistryService.RegistryServiceClient(platform["Registry"].Channel);
                runId = (await registry.CreateRunAsync(new CreateRunRequest { Experiment = "restarts" })).Id;
                var metrics = new LogMetricsRequest { RunId = runId };
                metrics.Points.Add(new MetricPoint { Key = "loss", Value = 0.5, Step = 1 });
                await registry.LogMetricsAsync(metrics);
                logged = true;
                await registry.FinishRunAsync(new FinishRunRequest { RunId = runId, Status = RunStatus.Finished });
                runs.Add((runId, true, true));
            }
            catch (Exception error) when (error is RpcException or InvalidOperationException)
            {
                if (runId is not null)
                {
                    runs.Add((runId, logged, false));
                }

                await Pause(stop);
            }
        }
    }

    private async Task ImportAsync(PlatformProcesses platform, CancellationToken stop)
    {
        var files = FashionMnistSample.SampleFiles;
        for (var index = 0; !stop.IsCancellationRequested; index++)
        {
            try
            {
                var ingestion = new IngestionService.IngestionServiceClient(platform["Ingestion"].Channel);
                var imported = await ingestion.ImportDatasetAsync(new ImportDatasetRequest
                {
                    Name = $"restart-{index}",
                    Idx = new IdxSource { ImagesPath = files.TestImages, LabelsPath = files.TestLabels },
                    ClassNames = { FashionMnist.ClassNames },
                    // Another seed, another split assignment: every import is a new version.
                    Split = new SplitPolicy { ValidationFraction = 0.1, Seed = index + 1 },
                });
                imports.Add(imported.Version);
            }
            catch (Exception error) when (error is RpcException or InvalidOperationException)
            {
                await Pause(stop);
            }
        }
    }

    private async Task PredictAsync(PlatformProcesses platform, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await TryPredict(platform))
            {
                Interlocked.Increment(ref predictions);
            }
            else
            {
                await Pause(stop);
            }
        }
    }

    private static async Task<bool> TryPredict(PlatformProcesses platform)
    {
        var images = FashionMnistSample.Test;
        try
        {
            var inference = new InferenceService.InferenceServiceClient(platform["Inference"].Channel);
            await inference.PredictAsync(new PredictRequest
            {
                ModelName = PlatformProcesses.Model,
                Image = new ImageInput
                {
                    Pixels = new RawPixels
                    {
                        Shape = new Common.V1.ImageShape { Channels = 1, Height = images.Height, Width = images.Width },
                        Uint8Data = ByteString.CopyFrom(images.Image(Random.Shared.Next(images.Count))),
                    },
                },
            });
            return true;
        }
        catch (Exception error) when (error is RpcException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task Pause(CancellationToken stop)
    {
        try
        {
            await Task.Delay(200, stop);
        }
        catch (OperationCanceledException)
        {
            // The load is over.
        }
    }

    private static async Task Until(Func<bool> condition, string failure)
    {
        // Generous: a loaded CI machine restarts a service slowly, but a caller that never gets through again does not either.
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(200);
        }
    }
}
