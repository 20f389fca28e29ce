using Google.Protobuf;
using Grpc.Core;
using Mlops.Imaging;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// Every platform service as its own process (the built dlls, free loopback ports, one data root each, no Redis), wired
/// to each other the way a deployment wires them, with the Fashion-MNIST sample imported, a centroid ONNX classifier
/// registered as <see cref="Model"/> behind the alias "staging" and served by the inference service. <paramref name="settings"/>
/// go to every service (e.g. API keys); <paramref name="callKey"/> is what this class itself sends while setting up.
/// </summary>
public sealed class PlatformProcesses(Action<string> log, IReadOnlyDictionary<string, string?> settings, string? callKey = null) : IAsyncDisposable
{
    public const string Model = "fashion";
    public const string Alias = "staging";

    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-platform-").FullName;
    private readonly List<ServiceProcess> services = [];

    public IReadOnlyList<ServiceProcess> Services => services;

    public ServiceProcess this[string name] => services.Single(service => service.Name == name);

    public string DatasetVersion { get; private set; } = "";

    public int ModelVersion { get; private set; }

    public Metadata CallHeaders => callKey is null ? [] : new Metadata { { "x-api-key", callKey } };

    /// <summary>Starts every service; on a failure stops the ones already started.</summary>
    public async Task StartAsync()
    {
        try
        {
            await StartServicesAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartServicesAsync()
    {
        var registry = await StartAsync("Registry", []);
        var ingestion = await StartAsync("Ingestion", new()
        {
            ["Services__registry"] = registry.GrpcAddress.ToString(),
            ["Ingestion__ImportRoots__0"] = RepositoryLayout.FashionMnistSampleFolder,
        });
        var peers = new Dictionary<string, string?>
        {
            ["Services__registry"] = registry.GrpcAddress.ToString(),
            ["Services__ingestion"] = ingestion.GrpcAddress.ToString(),
            ["Training__ConfigRoot"] = Path.Combine(RepositoryLayout.Root, "configs"),
        };
        var training = await StartAsync("Training", peers);

        var files = FashionMnistSample.SampleFiles;
        var imported = await new IngestionService.IngestionServiceClient(ingestion.Channel).ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = "fashion-sample",
            Idx = new IdxSource { ImagesPath = files.TrainImages, LabelsPath = files.TrainLabels, TestImagesPath = files.TestImages, TestLabelsPath = files.TestLabels },
            ClassNames = { FashionMnist.ClassNames },
        }, CallHeaders);
        DatasetVersion = imported.Version.Id;
        ModelVersion = await RegisterAsync(new RegistryService.RegistryServiceClient(registry.Channel));

        var drift = await StartAsync("Drift", new(peers) { ["Drift__Window__Size"] = "100", ["Drift__Window__MinDuration"] = "00:00:00" });
        peers["Services__training"] = training.GrpcAddress.ToString();
        peers["Services__drift"] = drift.GrpcAddress.ToString();
        // One rule that never fires on its own and only pretends (dry run): the automation service has something to list and toggle.
        var rules = Path.Combine(dataRoot, "automations.yml");
        await File.WriteAllTextAsync(rules, """
            rules:
              - name: never
                trigger: { on: prometheus_alert, alert: NeverFires, model: fashion }
                action: { do: retrain_on_drift, config: quick, dataset: fashion-mnist }
                dry_run: true
            """);
        await StartAsync("Automation", new(peers) { ["Automation__RulesFile"] = rules });
        // Healthy only once it has loaded the model from the registry.
        await StartAsync("Inference", new(peers)
        {
            ["Inference__Alias"] = Alias,
            ["Inference__Models__0"] = Model,
            ["Inference__Collection__FlushInterval"] = "00:00:00.200",
        });
    }

    private async Task<int> RegisterAsync(RegistryService.RegistryServiceClient registry)
    {
        var onnx = CentroidClassifierOnnx.Fit(FashionMnistSample.Train, FashionMnistSample.ClassNames).ToOnnx("fashion-v1");
        using var upload = registry.UploadArtifact(CallHeaders);
        await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Header = new ArtifactHeader { Name = "fashion.onnx", MediaType = "application/onnx" } });
        await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Chunk = ByteString.CopyFrom(onnx) });
        await upload.RequestStream.CompleteAsync();
        var artifact = await upload;
        var version = await registry.RegisterModelVersionAsync(new RegisterModelVersionRequest
        {
            ModelName = Model,
            OnnxSha256 = artifact.Sha256,
            Lineage = new Lineage { DatasetVersion = DatasetVersion },
        }, CallHeaders);
        await registry.SetAliasAsync(new SetAliasRequest { ModelName = Model, Alias = Alias, Version = version.Version, Reason = "test", Actor = "end-to-end tests" }, CallHeaders);
        return version.Version;
    }

    private async Task<ServiceProcess> StartAsync(string name, Dictionary<string, string?> own)
    {
        var environment = new Dictionary<string, string?>(settings)
        {
            ["DataRoot"] = Directory.CreateDirectory(Path.Combine(dataRoot, name)).FullName,
            ["ConnectionStrings__cache"] = null,
        };
        foreach (var (key, value) in own)
        {
            environment[key] = value;
        }

        var service = await ServiceProcess.StartAsync(name, environment, log);
        services.Add(service);
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(services))
        {
            await service.DisposeAsync();
        }

        try
        {
            Directory.Delete(dataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still be releasing a file; the system cleans temporary folders later.
        }
    }
}
