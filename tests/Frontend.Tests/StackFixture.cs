using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Imaging;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.V1;

namespace Mlops.Frontend.Tests;

/// <summary>
/// The whole platform with the frontend, started from the AppHost on random ports, with the Fashion-MNIST sample imported,
/// two one-epoch models trained (version 1 in production), a gate that refuses any later promotion (no accuracy drop
/// allowed below minus one), small drift windows that alert on the first drifted one, and a second frontend whose drift
/// service address is a dead port, so the browser tests see every page with data and a page whose service is down.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    public const string ModelName = "fashion";

    /// <summary>Drift windows close after this many records, so a test's few predictions make a report.</summary>
    public const int DriftWindowSize = 20;

    /// <summary>The frontend that reaches every service but drift (its address is a port nobody listens on).</summary>
    public const string DegradedFrontend = "frontend-without-drift";
    private static readonly string[] Services = ["ingestion", "training", "registry", "inference", "drift", "frontend", DegradedFrontend];
    // A loaded 2-core CI machine, with other test projects running beside this one, can take minutes to start the stack.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(600);
    private static readonly TimeSpan TrainingTimeout = TimeSpan.FromSeconds(900);

    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-frontend-").FullName;
    private readonly Dictionary<string, GrpcChannel> channels = [];

    public DistributedApplication App { get; private set; } = null!;

    public string FirstRunId { get; private set; } = "";

    public string DatasetVersion { get; private set; } = "";

    public Uri FrontendAddress => App.GetEndpoint("frontend", "http");

    public Uri DegradedFrontendAddress => App.GetEndpoint(DegradedFrontend, "http");

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"--DataRoot={dataRoot}",
            "--DcpPublisher:RandomizePorts=true",
            "--Bootstrap:Enabled=false",
            // The fixture trains and promotes the versions the pages show; the automation rules would add their own.
            "--Automation:Enabled=false",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.CreateResourceBuilder<ProjectResource>("registry")
            .WithEnvironment("Registry__Gate__MinAccuracy", "0")
            .WithEnvironment("Registry__Gate__MaxAccuracyDropVsProduction", "-1");
        builder.CreateResourceBuilder<ProjectResource>("drift")
            .WithEnvironment("Drift__Window__Size", DriftWindowSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Drift__Window__MinDuration", "00:00:00")
            .WithEnvironment("Drift__Detection__MinimumSamples", "10")
            .WithEnvironment("Drift__Alerts__ConsecutiveWindows", "1");
        AddFrontendWithoutDrift(builder);

        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        foreach (var service in Services)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        DatasetVersion = await ImportSampleAsync();
        var first = await TrainAsync();
        FirstRunId = first.RunId;
        await TrainAsync();
        await Registry.PromoteModelAsync(new PromoteModelRequest { ModelName = ModelName, Version = first.ModelVersion, Actor = "tests" });
    }

    private static void AddFrontendWithoutDrift(IDistributedApplicationTestingBuilder builder)
    {
        var deadDrift = "http://127.0.0.1:" + FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The AppHost's own project metadata: the frontend it built is run as it is, never built again by the stack.
        var frontend = builder.AddProject<Projects.Frontend>(DegradedFrontend, launchProfileName: null)
            .WithHttpHealthCheck("/health", endpointName: "http")
            .WithEnvironment("Services__drift", deadDrift);
        foreach (var service in new[] { "ingestion", "training", "registry", "inference" })
        {
            frontend.WithReference(builder.CreateResourceBuilder<ProjectResource>(service));
        }
    }

    public GrpcChannel Channel(string service)
    {
        lock (channels)
        {
            if (!channels.TryGetValue(service, out var channel))
            {
                channel = GrpcChannel.ForAddress(App.GetEndpoint(service, "grpc"));
                channels[service] = channel;
            }

            return channel;
        }
    }

    public TrainingService.TrainingServiceClient Training => new(Channel("training"));

    public RegistryService.RegistryServiceClient Registry => new(Channel("registry"));

    /// <summary>A one-epoch job of the quick config on the sample, to its end.</summary>
    public async Task<Job> TrainAsync()
    {
        var config = new ConfigSource { Name = "quick" };
        config.Overrides.Add("epochs=1");
        config.Overrides.Add($"data.dataset={DatasetVersion}");
        var job = await Training.SubmitJobAsync(new SubmitJobRequest { Config = config, ModelName = ModelName, RequestedBy = "tests" });
        using var timeout = new CancellationTokenSource(TrainingTimeout);
        using var watch = Training.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: timeout.Token);
        await foreach (var update in watch.ResponseStream.ReadAllAsync(timeout.Token))
        {
            job = update.Job;
            if (job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled)
            {
                break;
            }
        }

        return job.State == JobState.Succeeded ? job : throw new InvalidOperationException($"Training job {job.Id} ended {job.State}: {job.Error}");
    }

    private async Task<string> ImportSampleAsync()
    {
        var sample = RepositoryLayout.FashionMnistSampleFolder;
        var request = new ImportDatasetRequest
        {
            Name = "fashion-mnist",
            Idx = new IdxSource
            {
                ImagesPath = Path.Combine(sample, FashionMnist.TrainImagesFile),
                LabelsPath = Path.Combine(sample, FashionMnist.TrainLabelsFile),
                TestImagesPath = Path.Combine(sample, FashionMnist.TestImagesFile),
                TestLabelsPath = Path.Combine(sample, FashionMnist.TestLabelsFile),
            },
        };
        request.ClassNames.AddRange(FashionMnist.ClassNames);
        var imported = await new IngestionService.IngestionServiceClient(Channel("ingestion")).ImportDatasetAsync(request);
        return imported.Version.Id;
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in channels.Values)
        {
            channel.Dispose();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Directory.Delete(dataRoot, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "frontend against the stack";
}
