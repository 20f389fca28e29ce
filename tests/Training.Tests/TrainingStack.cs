using Grpc.Core;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

/// <summary>
/// Ingestion, Registry and Training running as real processes on one temporary data root, with the shipped
/// Fashion-MNIST sample (3,000 train and 1,000 test images) imported as "fashion-mnist".
/// </summary>
public sealed class TrainingStack : IAsyncLifetime
{
    public const string DatasetName = "fashion-mnist";
    public const int TrainingWorkers = 2;

    private readonly string dataRoot = Directory.CreateTempSubdirectory("training-stack-").FullName;

    public ServiceProcess Ingestion { get; private set; } = null!;

    public ServiceProcess Registry { get; private set; } = null!;

    public ServiceProcess Training { get; private set; } = null!;

    public DatasetVersion Dataset { get; private set; } = null!;

    public IngestionService.IngestionServiceClient IngestionClient => new(Ingestion.Channel);

    public RegistryService.RegistryServiceClient RegistryClient => new(Registry.Channel);

    public TrainingService.TrainingServiceClient TrainingClient => new(Training.Channel);

    public async Task InitializeAsync()
    {
        Ingestion = await ServiceProcess.StartAsync("Ingestion", new Dictionary<string, string?> { ["DataRoot"] = dataRoot });
        Registry = await ServiceProcess.StartAsync("Registry", new Dictionary<string, string?>
        {
            ["DataRoot"] = dataRoot,
            ["Services__ingestion"] = Ingestion.GrpcAddress.ToString(),
            // The jobs here train for a few seconds on the sample: the gate should judge them, not refuse them all.
            ["Registry__Gate__MinAccuracy"] = "0.5",
        });
        Training = await StartTrainingAsync(dataRoot, new Dictionary<string, string?> { ["Training__Workers"] = $"{TrainingWorkers}" });
        var files = FashionMnistSample.SampleFiles;
        var imported = await IngestionClient.ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = DatasetName,
            Idx = new IdxSource
            {
                ImagesPath = files.TrainImages,
                LabelsPath = files.TrainLabels,
                TestImagesPath = files.TestImages,
                TestLabelsPath = files.TestLabels,
            },
            ClassNames = { FashionMnistSample.ClassNames },
        });
        Dataset = imported.Version;
    }

    /// <summary>A Training process wired to this stack's Ingestion and Registry, on its own data root unless given one.</summary>
    public Task<ServiceProcess> StartTrainingAsync(string? trainingDataRoot = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DataRoot"] = trainingDataRoot ?? Directory.CreateDirectory(Path.Combine(dataRoot, $"training-{Guid.NewGuid():N}")).FullName,
            ["Services__ingestion"] = Ingestion.GrpcAddress.ToString(),
            ["Services__registry"] = Registry.GrpcAddress.ToString(),
            ["Training__ConfigRoot"] = Path.Combine(RepositoryLayout.Root, "configs"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return ServiceProcess.StartAsync("Training", environment);
    }

    public async Task DisposeAsync()
    {
        await Training.DisposeAsync();
        await Registry.DisposeAsync();
        await Ingestion.DisposeAsync();
        try
        {
            Directory.Delete(dataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file; the folder is temporary anyway.
        }
    }

    /// <summary>Watches the job until it ends and returns every event; the limit is for a loaded CI machine, the wait ends with the job.</summary>
    public static async Task<List<JobEvent>> WatchToEndAsync(TrainingService.TrainingServiceClient client, string jobId, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(15));
        using var call = client.WatchJob(new WatchJobRequest { JobId = jobId }, cancellationToken: cancel.Token);
        var events = new List<JobEvent>();
        await foreach (var jobEvent in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            events.Add(jobEvent);
        }

        return events;
    }

    public static SubmitJobRequest Job(string config, string modelName, params string[] overrides) => new()
    {
        Config = new ConfigSource { Name = config, Overrides = { overrides } },
        ModelName = modelName,
        Experiment = "training-tests",
    };
}

[CollectionDefinition(Name)]
public sealed class TrainingStackCollection : ICollectionFixture<TrainingStack>
{
    public const string Name = "training stack";
}
