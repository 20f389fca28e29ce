using Google.Protobuf;
using Mlops.Imaging;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.Soak.Benchmarks;

/// <summary>
/// Ingestion, Registry, Drift and Inference as real processes (the built services, on free loopback ports, as the tests run
/// them), with the shipped Fashion-MNIST sample imported and a centroid ONNX classifier registered and served.
/// </summary>
public sealed class SoakStack : IAsyncDisposable
{
    public const string Model = "soak";

    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-soak-").FullName;

    public ServiceProcess Ingestion { get; private set; } = null!;

    public ServiceProcess Registry { get; private set; } = null!;

    public ServiceProcess Drift { get; private set; } = null!;

    public ServiceProcess Inference { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Services => [Ingestion, Registry, Drift, Inference];

    public int ModelVersion { get; private set; }

    public static async Task<SoakStack> StartAsync()
    {
        var stack = new SoakStack();
        try
        {
            await stack.StartServicesAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public static ImportDatasetRequest SmallImport(string name) => new()
    {
        Name = name,
        Idx = new IdxSource { ImagesPath = FashionMnistSample.SampleFiles.TestImages, LabelsPath = FashionMnistSample.SampleFiles.TestLabels },
        ClassNames = { FashionMnist.ClassNames },
    };

    private async Task StartServicesAsync()
    {
        Ingestion = await ServiceProcess.StartAsync("Ingestion", Settings("ingestion", new()
        {
            ["Ingestion__ImportRoots__0"] = RepositoryLayout.FashionMnistSampleFolder,
        }));
        var files = FashionMnistSample.SampleFiles;
        var dataset = await new IngestionService.IngestionServiceClient(Ingestion.Channel).ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = "fashion-sample",
            Idx = new IdxSource { ImagesPath = files.TrainImages, LabelsPath = files.TrainLabels, TestImagesPath = files.TestImages, TestLabelsPath = files.TestLabels },
            ClassNames = { FashionMnist.ClassNames },
        });

        Registry = await ServiceProcess.StartAsync("Registry", Settings("registry", new() { ["Services__ingestion"] = Ingestion.GrpcAddress.ToString() }));
        var registry = new RegistryService.RegistryServiceClient(Registry.Channel);
        var onnx = CentroidClassifierOnnx.Fit(FashionMnistSample.Train, FashionMnistSample.ClassNames).ToOnnx("soak-v1");
        using (var upload = registry.UploadArtifact())
        {
            await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Header = new ArtifactHeader { Name = "soak.onnx", MediaType = "application/onnx" } });
            await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Chunk = ByteString.CopyFrom(onnx) });
            await upload.RequestStream.CompleteAsync();
            var artifact = await upload;
            ModelVersion = (await registry.RegisterModelVersionAsync(new RegisterModelVersionRequest
            {
                ModelName = Model,
                OnnxSha256 = artifact.Sha256,
                Lineage = new Lineage { DatasetVersion = dataset.Version.Id },
            })).Version;
            await registry.SetAliasAsync(new SetAliasRequest { ModelName = Model, Alias = "staging", Version = ModelVersion, Reason = "soak", Actor = "soak" });
        }

        Drift = await ServiceProcess.StartAsync("Drift", Settings("drift", new()
        {
            ["Services__registry"] = Registry.GrpcAddress.ToString(),
            ["Services__ingestion"] = Ingestion.GrpcAddress.ToString(),
        }));
        Inference = await ServiceProcess.StartAsync("Inference", Settings("inference", new()
        {
            ["Services__registry"] = Registry.GrpcAddress.ToString(),
            ["Services__drift"] = Drift.GrpcAddress.ToString(),
            ["Inference__Alias"] = "staging",
            ["Inference__Models__0"] = Model,
        }));
    }

    private Dictionary<string, string?> Settings(string name, Dictionary<string, string?> extra)
    {
        extra["DataRoot"] = Directory.CreateDirectory(Path.Combine(dataRoot, name)).FullName;
        extra["ConnectionStrings__cache"] = null;
        return extra;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in new[] { Inference, Drift, Registry, Ingestion })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
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
