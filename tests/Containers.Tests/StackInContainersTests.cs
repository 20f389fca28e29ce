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
/// The platform as its images: every service, the frontend and Redis in podman containers, each with a volume of its
/// own, reached only through the containers' ports. The whole loop works, and a restart of every container loses
/// nothing that was stored.
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
        var settings = new Dictionary<string, Dictionary<string, string>>
        {
            // One epoch on 2,700 images is far from the production gate's 70 %; the gate itself still runs.
            ["registry"] = new() { ["Registry__Gate__MinAccuracy"] = "0.3" },
            // Two closed (stored) windows from the test's traffic: each closes as soon as it holds 100 records.
            ["drift"] = new() { ["Drift__Window__Size"] = "100", ["Drift__Window__MinDuration"] = "00:00:00" },
            // Inference serves the models it is told to (fashion by default).
            ["inference"] = new() { ["Inference__Models__0"] = Model },
        };
        var options = new Dictionary<string, string[]>
        {
            ["ingestion"] = ["--volume", $"{RepositoryLayout.FashionMnistSampleFolder}:{SampleMount}:ro"],
        };
        await using var stack = await ContainerStack.StartAsync(output.WriteLine, settings, options);
        var coldStart = await stack.WaitHealthyAsync(StartLimit);
        output.WriteLine($"Healthy after start (s): {string.Join(", ", coldStart.Select(pair => $"{pair.Key} {pair.Value.TotalSeconds:F1}"))}");

        // Import -> train (1 epoch) -> promote through the gate.
        var dataset = await ImportAsync(new IngestionService.IngestionServiceClient(stack.Channel("ingestion")));
        var job = await TrainAsync(new TrainingService.TrainingServiceClient(stack.Channel("training")), dataset.Id);
        Assert.True(job.State == JobState.Succeeded, $"job {job.Id} ended {job.State}: {job.Error}");
        Assert.Equal(dataset.Id, job.DatasetVersion);
        var promoted = await new RegistryService.RegistryServiceClient(stack.Channel("registry")).PromoteModelAsync(new PromoteModelRequest
        {
            ModelName = Model,
            Version = job.ModelVersion,
            Alias = "production",
            Reason = "container test",
            Actor = "containers-tests",
        });
        Assert.True(promoted.Gate.Accuracy >= 0.3, $"gate accuracy {promoted.Gate.Accuracy}");

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

        // Every container stopped and started again: the volumes keep what each service stored.
        await stack.RestartAllAsync();
        var restarted = await stack.WaitHealthyAsync(StartLimit);
        output.WriteLine($"Healthy after restart (s): {string.Join(", ", restarted.Select(pair => $"{pair.Key} {pair.Value.TotalSeconds:F1}"))}");

        var datasetAfter = await new IngestionService.IngestionServiceClient(stack.Channel("ingestion"))
            .GetDatasetAsync(new GetDatasetRequest { Reference = Dataset });
        Assert.Equal(dataset.Id, datasetAfter.Id);
        var jobAfter = await new TrainingService.TrainingServiceClient(stack.Channel("training")).GetJobAsync(new GetJobRequest { JobId = job.Id });
        Assert.Equal(JobState.Succeeded, jobAfter.State);
        Assert.Equal(job.ModelVersion, jobAfter.ModelVersion);
        var production = await new RegistryService.RegistryServiceClient(stack.Channel("registry"))
            .GetModelVersionAsync(new GetModelVersionRequest { Reference = $"{Model}@production" });
        Assert.Equal(job.ModelVersion, production.Version);
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

    private static async Task<DatasetVersion> ImportAsync(IngestionService.IngestionServiceClient ingestion)
    {
        var request = new ImportDatasetRequest
        {
            Name = Dataset,
            Idx = new IdxSource
            {
                ImagesPath = $"{SampleMount}/{FashionMnist.TrainImagesFile}",
                LabelsPath = $"{SampleMount}/{FashionMnist.TrainLabelsFile}",
                TestImagesPath = $"{SampleMount}/{FashionMnist.TestImagesFile}",
                TestLabelsPath = $"{SampleMount}/{FashionMnist.TestLabelsFile}",
            },
            Split = new SplitPolicy { ValidationFraction = 0.1, Seed = 42 },
        };
        request.ClassNames.AddRange(FashionMnist.ClassNames);
        var imported = await ingestion.ImportDatasetAsync(request);
        Assert.True(imported.Created);
        return imported.Version;
    }

    private async Task<Job> TrainAsync(TrainingService.TrainingServiceClient training, string datasetVersion)
    {
        var submitted = await training.SubmitJobAsync(new SubmitJobRequest
        {
            Config = new ConfigSource { Name = "quick", Overrides = { $"data.dataset={datasetVersion}", "epochs=1" } },
            ModelName = Model,
            Experiment = "containers",
            RequestedBy = "containers-tests",
        });
        return await WaitForAsync($"training job {submitted.Id} to end", async () =>
            await training.GetJobAsync(new GetJobRequest { JobId = submitted.Id }) is { State: JobState.Succeeded or JobState.Failed or JobState.Cancelled } job
                ? job : null);
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
