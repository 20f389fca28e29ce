using System.Globalization;
using Google.Protobuf;
using Mlops.Automation.V1;
using Mlops.Cli;
using Mlops.Cli.Output;
using Mlops.Drift.V1;
using Mlops.Imaging;
using Mlops.Inference.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// The loop closes with no manual step: data in -> trained -> gated -> served; brighter traffic -> drift alert ->
/// "no new data"; brighter data in -> retrained -> gated -> hot-swapped -> the drift is gone.
/// </summary>
public sealed class ClosedLoopTests(ClosedLoopFixture platform, ITestOutputHelper output) : IClassFixture<ClosedLoopFixture>
{
    // Generous: a loaded 2-core machine trains, gates and swaps while other tests run.
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(300);
    private static readonly Perturbation Brighter = new(PerturbationKind.Brightness, 0.4);

    [Fact]
    public async Task Drift_then_new_data_retrains_gates_promotes_and_swaps_and_the_drift_is_gone()
    {
        var ingestion = new IngestionService.IngestionServiceClient(platform.Channel("ingestion"));
        var registry = new RegistryService.RegistryServiceClient(platform.Channel("registry"));
        var inference = new InferenceService.InferenceServiceClient(platform.Channel("inference"));
        var drift = new DriftService.DriftServiceClient(platform.Channel("drift"));
        var automation = new AutomationService.AutomationServiceClient(platform.Channel("automation"));
        var sample = RepositoryLayout.FashionMnistSampleFolder;
        var testImages = IdxReader.ReadImages(Path.Combine(sample, FashionMnist.TestImagesFile));
        var brightTest = Brighten(testImages);

        // 1. The first data: the rules train and promote version 1 on their own.
        var original = await ImportAsync(ingestion, sample);
        var first = await WaitForAsync("version 1 in production", async () =>
            await ProductionAsync(registry) is { } version && version.Lineage.DatasetVersion == original.Id ? version : null);
        await WaitForAsync("inference to serve version 1", async () =>
            await ServedVersionAsync(inference, testImages) == first.Version ? true : (bool?)null);

        // 2. Brighter traffic until the drift service alerts; the drift rule finds no new data.
        var alert = await WaitForAsync("a drift alert on version 1", async () =>
        {
            await SendTrafficAsync(inference, brightTest, 200);
            var alerts = await drift.ListAlertsAsync(new ListAlertsRequest { ModelName = ClosedLoopFixture.Model, IncludeAcknowledged = true });
            return alerts.Alerts.FirstOrDefault(a => a.ModelVersion == first.Version);
        });
        var noNewData = await WaitForAsync("the drift rule's firing", async () =>
            (await FiringsAsync(automation, "retrain-on-drift")).FirstOrDefault(f => f.Outcome != "started"));
        Assert.Equal("no_new_data", noNewData.Outcome);
        Assert.StartsWith("drift, but no new data", noNewData.Detail);

        // 3. Data that shows the drift arrives: retrained, gated, promoted, and inference swaps to it.
        var brighterFolder = WriteBrightenedSample(sample, Path.Combine(platform.ImportsFolder, "brighter"));
        var brighter = await ImportAsync(ingestion, brighterFolder);
        Assert.NotEqual(original.Id, brighter.Id);
        var second = await WaitForAsync("the retrained version in production", async () =>
            await ProductionAsync(registry) is { } version && version.Lineage.DatasetVersion == brighter.Id ? version : null);
        var swappedAt = await WaitForAsync("inference to swap to the retrained version", async () =>
            await ServedVersionAsync(inference, brightTest) == second.Version ? DateTimeOffset.UtcNow : (DateTimeOffset?)null);

        // 4. The same bright traffic no longer drifts against the new version's reference. Each window is a test at
        // alpha 0.05, so one false alarm among three windows is chance; before the swap every window drifted.
        var windows = await WaitForAsync("three closed windows on the retrained version", async () =>
        {
            await SendTrafficAsync(inference, brightTest, 200);
            var listed = await drift.ListWindowsAsync(new ListWindowsRequest { ModelName = ClosedLoopFixture.Model, ModelVersion = second.Version });
            var closed = listed.Windows.Where(window => window.Closed).ToList();
            return closed.Count >= 3 ? closed : null;
        });
        var drifted = windows.Where(window => window.DriftDetected).Select(window => window.Id).ToList();
        Assert.True(drifted.Count <= 1, $"{drifted.Count} of {windows.Count} windows of version {second.Version} show drift: {string.Join(", ", drifted)}");

        // What `mlops automations firings` shows: the whole loop, each step once.
        // A training firing turns "succeeded" when the rule next polls its job, independent of the promotion waited for above.
        var firings = await WaitForAsync("both training firings to end", async () =>
        {
            var listed = JsonParser.Default.Parse<ListFiringsResponse>(await RunCliAsync("automations", "firings"));
            var ended = listed.Firings.Count(f => f.Rule == "train-on-new-data" && f.Outcome != "started");
            return ended >= 2 ? listed : null;
        });
        var trained = firings.Firings.Where(f => f.Rule == "train-on-new-data").OrderBy(f => f.Id).ToList();
        Assert.Equal([original.Id, brighter.Id], trained.Select(f => f.DatasetVersion));
        Assert.All(trained, f => Assert.Equal("succeeded", f.Outcome));
        var promoted = firings.Firings.Where(f => f.Rule == "promote-new-versions").OrderBy(f => f.Id).ToList();
        Assert.Equal([first.Version, second.Version], promoted.Select(f => f.ModelVersion));
        Assert.All(promoted, f => Assert.Equal("promoted", f.Outcome));

        var job = trained[1];
        output.WriteLine("Timeline of the closed loop (UTC):");
        output.WriteLine($"  {alert.RaisedAt.ToDateTimeOffset():HH:mm:ss.fff} drift alert {alert.Id} on {alert.ModelName}/{alert.ModelVersion}");
        output.WriteLine($"  {noNewData.FiredAt.ToDateTimeOffset():HH:mm:ss.fff} retrain-on-drift: {noNewData.Detail}");
        output.WriteLine($"  {job.FiredAt.ToDateTimeOffset():HH:mm:ss.fff} new dataset version {brighter.Id[..12]} -> training job {job.JobId} submitted");
        output.WriteLine($"  {job.FinishedAt.ToDateTimeOffset():HH:mm:ss.fff} job {job.JobId} succeeded: {job.ModelName}/{job.ModelVersion} registered");
        output.WriteLine($"  {promoted[1].FinishedAt.ToDateTimeOffset():HH:mm:ss.fff} {promoted[1].Detail}");
        output.WriteLine($"  {swappedAt:HH:mm:ss.fff} inference answers with version {second.Version} (observed)");
        output.WriteLine($"  {windows.Max(w => w.ClosedAt.ToDateTimeOffset()):HH:mm:ss.fff} {windows.Count} closed windows on version {second.Version}, {drifted.Count} drifted");
    }

    private static async Task<DatasetVersion> ImportAsync(IngestionService.IngestionServiceClient ingestion, string folder)
    {
        var request = new ImportDatasetRequest
        {
            Name = ClosedLoopFixture.Dataset,
            Idx = new IdxSource
            {
                ImagesPath = Path.Combine(folder, FashionMnist.TrainImagesFile),
                LabelsPath = Path.Combine(folder, FashionMnist.TrainLabelsFile),
                TestImagesPath = Path.Combine(folder, FashionMnist.TestImagesFile),
                TestLabelsPath = Path.Combine(folder, FashionMnist.TestLabelsFile),
            },
            Split = new SplitPolicy { ValidationFraction = 0.1, Seed = 42 },
        };
        request.ClassNames.AddRange(FashionMnist.ClassNames);
        return (await ingestion.ImportDatasetAsync(request)).Version;
    }

    private static async Task<ModelVersion?> ProductionAsync(RegistryService.RegistryServiceClient registry)
    {
        try
        {
            return await registry.GetModelVersionAsync(new GetModelVersionRequest { Reference = $"{ClosedLoopFixture.Model}@production" });
        }
        catch (Grpc.Core.RpcException error) when (error.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<List<Firing>> FiringsAsync(AutomationService.AutomationServiceClient automation, string rule) =>
        [.. (await automation.ListFiringsAsync(new ListFiringsRequest { Rule = rule })).Firings];

    /// <summary>The version that answers a prediction now; 0 while inference is still loading one.</summary>
    private static async Task<int> ServedVersionAsync(InferenceService.InferenceServiceClient inference, IdxImages images)
    {
        try
        {
            return (await PredictAsync(inference, images, Random.Shared.Next(images.Count), 1)).Predictions[0].ModelVersion;
        }
        catch (Grpc.Core.RpcException error) when (error.StatusCode == Grpc.Core.StatusCode.Unavailable)
        {
            return 0;
        }
    }

    /// <summary>Images drawn at random, so a window is a sample of the reference's distribution, not a run of it.</summary>
    private static async Task SendTrafficAsync(InferenceService.InferenceServiceClient inference, IdxImages images, int count)
    {
        for (var sent = 0; sent < count; sent += 50)
        {
            var request = new PredictBatchRequest { ModelName = ClosedLoopFixture.Model };
            for (var i = 0; i < 50; i++)
            {
                request.Images.Add(Input(images, Random.Shared.Next(images.Count)));
            }

            await inference.PredictBatchAsync(request);
        }
    }

    private static async Task<PredictBatchResponse> PredictAsync(InferenceService.InferenceServiceClient inference, IdxImages images, int first, int count)
    {
        var request = new PredictBatchRequest { ModelName = ClosedLoopFixture.Model };
        for (var i = 0; i < count; i++)
        {
            request.Images.Add(Input(images, (first + i) % images.Count));
        }

        return await inference.PredictBatchAsync(request);
    }

    private static ImageInput Input(IdxImages images, int index) => new()
    {
        Pixels = new RawPixels
        {
            Shape = new Common.V1.ImageShape { Channels = 1, Height = images.Height, Width = images.Width },
            Uint8Data = ByteString.CopyFrom(images.GetImage(index)),
        },
    };

    private static IdxImages Brighten(IdxImages images)
    {
        var pixels = new byte[images.Pixels.Length];
        var size = images.Height * images.Width;
        for (var i = 0; i < images.Count; i++)
        {
            Brighter.Apply(images.GetImage(i), pixels.AsSpan(i * size, size), images.Height, images.Width, seed: i);
        }

        return new IdxImages(images.Count, images.Height, images.Width, pixels);
    }

    /// <summary>The sample with every image brighter (labels unchanged): the data that shows what the traffic now looks like.</summary>
    private static string WriteBrightenedSample(string sample, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (images, labels) in new[] { (FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile), (FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile) })
        {
            IdxWriter.WriteImages(Path.Combine(folder, images), Brighten(IdxReader.ReadImages(Path.Combine(sample, images))));
            File.Copy(Path.Combine(sample, labels), Path.Combine(folder, labels));
        }

        return folder;
    }

    private async Task<string> RunCliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(
            [.. args, "--automation", platform.GrpcAddress("automation"), "--json"], CliConsole.Plain(stdout, stderr));
        Assert.True(exitCode == 0, $"mlops {string.Join(' ', args)} exited {exitCode}: {stderr}");
        return stdout.ToString();
    }

    private async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe)
    {
        var found = await Condition.WaitForAsync(what, probe, StepLimit, TimeSpan.FromSeconds(1), async () =>
        {
            var firings = await new AutomationService.AutomationServiceClient(platform.Channel("automation")).ListFiringsAsync(new ListFiringsRequest());
            return $"firings so far: {string.Join(" | ", firings.Firings.Select(f => $"{f.Rule} {f.Outcome} {f.Detail}"))}";
        });
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {what}");
        return found;
    }
}
