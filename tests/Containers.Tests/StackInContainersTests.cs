using Google.Protobuf;
using Grpc.Core;
using Mlops.Drift.V1;
using Mlops.Imaging;
using Mlops.Inference.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.V1;
using Xunit.Abstractions;

namespace Mlops.Containers.Tests;

/// <summary>
/// The platform as its images: every service, the frontend, Redis, PostgreSQL and an S3 store in podman containers, each
/// with a volume of its own, reached only through the containers' ports. The whole loop works, and a restart of every
/// container, the database and the bucket included, loses nothing that was stored.
/// </summary>
public sealed class StackInContainersTests(ITestOutputHelper output)
{
    // Names the automation rules of configs/automations.yml do not act on, so only this test trains and promotes.
    private const string Dataset = "containers-sample";
    private const string Model = "containers";
    private const string SampleMount = "/usr/share/datasets/containers-sample";
    private const int Traffic = 200;

    // Generous: a loaded 2-core machine starts eight containers and trains while other tests run.
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(10);

    [RequiresContainerImagesFact]
    public async Task Import_train_promote_predict_and_drift_work_through_the_containers_and_a_restart_loses_nothing()
    {
        // Metadata in the PostgreSQL container and blobs in the S3 container (as Cloud SQL and a bucket would hold them)
        // are ContainerStack's own wiring; these are the test's settings.
        var settings = ContainerStack.Services.ToDictionary(name => name, _ => new Dictionary<string, string>());
        // One epoch on 2,700 images is far from the production gate's 70 %; the gate itself still runs.
        settings["registry"]["Registry__Gate__MinAccuracy"] = "0.3";
        // Two closed (stored) windows from the test's traffic: each closes as soon as it holds 100 records.
        settings["drift"]["Drift__Window__Size"] = "100";
        settings["drift"]["Drift__Window__MinDuration"] = "00:00:00";
        // Inference serves the models it is told to (fashion by default).
        settings["inference"]["Inference__Models__0"] = Model;
        var options = new Dictionary<string, string[]>
        {
            ["ingestion"] = ["--volume", $"{RepositoryLayout.FashionMnistSampleFolder}:{SampleMount}:ro"],
        };
        await using var stack = await ContainerStack.StartAsync(output.WriteLine, settings, options);
        var coldStart = await stack.WaitHealthyAsync(StartLimit);
        output.WriteLine($"Healthy after start (s): {string.Join(", ", coldStart.Select(pair => $"{pair.Key} {pair.Value.TotalSeconds:F1}"))}");

        // Import -> train (1 epoch) -> promote through the gate: the bootstrap image's first run, as `dotnet run --project AppHost` does it.
        var (exitCode, bootstrapLog) = await stack.RunToEndAsync(ContainerStack.Bootstrap, new Dictionary<string, string>
        {
            ["Bootstrap__ModelName"] = Model,
            ["Bootstrap__DatasetName"] = Dataset,
            // The folder as the ingestion container sees it; the bootstrap container has no system dataset.
            ["Bootstrap__SystemDatasetFolder"] = "/nonexistent",
            ["Bootstrap__SampleFolder"] = SampleMount,
            ["Bootstrap__Overrides__0"] = "epochs=1",
        }, []);
        output.WriteLine($"bootstrap exited {exitCode}:\n{bootstrapLog}");
        Assert.True(exitCode == 0, $"the bootstrap exited {exitCode}:\n{bootstrapLog}");
        var dataset = await new IngestionService.IngestionServiceClient(stack.Channel("ingestion")).GetDatasetAsync(new GetDatasetRequest { Reference = Dataset });
        var production = await new RegistryService.RegistryServiceClient(stack.Channel("registry"))
            .GetModelVersionAsync(new GetModelVersionRequest { Reference = $"{Model}@production" });
        Assert.Equal(dataset.Id, production.Lineage.DatasetVersion);
        var job = Assert.Single((await new TrainingService.TrainingServiceClient(stack.Channel("training")).ListJobsAsync(new ListJobsRequest())).Jobs,
            listed => listed.ModelName == Model);
        Assert.True(job.State == JobState.Succeeded, $"job {job.Id} ended {job.State}: {job.Error}");
        Assert.Equal(dataset.Id, job.DatasetVersion);
        Assert.Equal(production.Version, job.ModelVersion);
        // A second run finds the model in production and leaves the stack as it is.
        var again = await stack.RunToEndAsync(ContainerStack.Bootstrap, new Dictionary<string, string> { ["Bootstrap__ModelName"] = Model }, ["--replace"]);
        Assert.True(again.ExitCode == 0 && again.Log.Contains("nothing to do", StringComparison.Ordinal), again.Log);

        // Predict: inference fetches the promoted version from the registry and answers with it.
        var images = IdxReader.ReadImages(Path.Combine(RepositoryLayout.FashionMnistSampleFolder, FashionMnist.TestImagesFile));
        var labels = IdxReader.ReadLabels(Path.Combine(RepositoryLayout.FashionMnistSampleFolder, FashionMnist.TestLabelsFile));
        var inference = new InferenceService.InferenceServiceClient(stack.Channel("inference"));
        var predictions = await WaitForAsync("inference to serve the promoted version", async () =>
            await TryPredictAsync(inference, images, Traffic) is { } answer && answer.All(p => p.ModelVersion == job.ModelVersion) ? answer : null);
        var correct = predictions.Where((prediction, i) => prediction.Label == labels[i]).Count();
        Assert.True(correct >= Traffic * 0.3, $"{correct} of {Traffic} test images right");

        // Drift: inference recorded the traffic, and the drift service closed and stored its windows.
        var drift = new DriftService.DriftServiceClient(stack.Channel("drift"));
        var windows = await WaitForAsync("two closed drift windows", async () =>
            await ClosedWindowsAsync(drift, job.ModelVersion) is { Count: >= 2 } closed ? closed : null);
        Assert.All(windows, window => Assert.Equal(100, window.RecordCount));

        // Blobs went to the bucket, not the volumes: the dataset's splits (ingestion) and the model (registry).
        var stored = await stack.ObjectKeysAsync(ContainerStack.BlobPrefix);
        Assert.Contains(stored, key => key.StartsWith("ingestion", StringComparison.Ordinal));
        Assert.Contains(stored, key => key.StartsWith("registry", StringComparison.Ordinal) && key.Contains(production.OnnxSha256, StringComparison.Ordinal));

        // Every container stopped and started again, the stores with the services: the volumes of PostgreSQL, the
        // object store and each service keep what was stored.
        await stack.RestartAllAsync();
        var restarted = await stack.WaitHealthyAsync(StartLimit);
        output.WriteLine($"Healthy after restart (s): {string.Join(", ", restarted.Select(pair => $"{pair.Key} {pair.Value.TotalSeconds:F1}"))}");

        Assert.Equal(stored.Order(), (await stack.ObjectKeysAsync(ContainerStack.BlobPrefix)).Order());
        var datasetAfter = await new IngestionService.IngestionServiceClient(stack.Channel("ingestion"))
            .GetDatasetAsync(new GetDatasetRequest { Reference = Dataset });
        Assert.Equal(dataset.Id, datasetAfter.Id);
        var jobAfter = await new TrainingService.TrainingServiceClient(stack.Channel("training")).GetJobAsync(new GetJobRequest { JobId = job.Id });
        Assert.Equal(JobState.Succeeded, jobAfter.State);
        Assert.Equal(job.ModelVersion, jobAfter.ModelVersion);
        var registry = new RegistryService.RegistryServiceClient(stack.Channel("registry"));
        var productionAfter = await registry.GetModelVersionAsync(new GetModelVersionRequest { Reference = $"{Model}@production" });
        Assert.Equal(job.ModelVersion, productionAfter.Version);
        // The model's bytes read back from the bucket, hash-checked by the registry on the way.
        using var download = registry.DownloadArtifact(new DownloadArtifactRequest { Sha256 = productionAfter.OnnxSha256 });
        long downloaded = 0;
        await foreach (var chunk in download.ResponseStream.ReadAllAsync())
        {
            downloaded += chunk.Content.Length;
        }

        Assert.True(downloaded > 0, "the production model downloaded empty");
        var samples = 0;
        using (var stream = new IngestionService.IngestionServiceClient(stack.Channel("ingestion")).StreamSamples(
            new StreamSamplesRequest { VersionId = dataset.Id, Split = Common.V1.Split.Test, BatchSize = 256 }))
        {
            await foreach (var batch in stream.ResponseStream.ReadAllAsync())
            {
                samples += batch.Count;
            }
        }

        Assert.Equal(images.Count, samples);
        inference = new InferenceService.InferenceServiceClient(stack.Channel("inference"));
        var predictionsAfter = await WaitForAsync("inference to serve again", async () => await TryPredictAsync(inference, images, Traffic));
        Assert.Equal(predictions.Select(p => (p.ModelVersion, p.Label)), predictionsAfter.Select(p => (p.ModelVersion, p.Label)));
        var windowsAfter = await ClosedWindowsAsync(new DriftService.DriftServiceClient(stack.Channel("drift")), job.ModelVersion);
        foreach (var window in windows)
        {
            Assert.Contains(windowsAfter, after => after.Id == window.Id && after.RecordCount == window.RecordCount && after.DriftDetected == window.DriftDetected);
        }

        using var http = new HttpClient();
        var page = await http.GetAsync(new Uri(stack.Address(ContainerStack.Frontend)));
        Assert.True(page.IsSuccessStatusCode, $"frontend answered {(int)page.StatusCode}");
    }

    /// <summary>The first <paramref name="count"/> test images' predictions; null while inference has no model to serve.</summary>
    private static async Task<List<Prediction>?> TryPredictAsync(InferenceService.InferenceServiceClient inference, IdxImages images, int count)
    {
        var request = new PredictBatchRequest { ModelName = Model };
        for (var i = 0; i < count; i++)
        {
            request.Images.Add(new ImageInput
            {
                Pixels = new RawPixels
                {
                    Shape = new Common.V1.ImageShape { Channels = 1, Height = images.Height, Width = images.Width },
                    Uint8Data = ByteString.CopyFrom(images.GetImage(i)),
                },
            });
        }

        try
        {
            return [.. (await inference.PredictBatchAsync(request)).Predictions];
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            return null;
        }
    }

    private static async Task<List<Window>> ClosedWindowsAsync(DriftService.DriftServiceClient drift, int version) =>
        [.. (await drift.ListWindowsAsync(new ListWindowsRequest { ModelName = Model, ModelVersion = version })).Windows.Where(w => w.Closed)];

    private async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe)
    {
        var found = await Condition.WaitForAsync(what, probe, StepLimit, TimeSpan.FromSeconds(1));
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {what}");
        return found;
    }
}
