using Google.Protobuf;
using Mlops.Drift.V1;
using Mlops.Imaging;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.Drift.Tests;

/// <summary>
/// Ingestion, Registry and Drift as real processes on loopback: the shipped Fashion-MNIST sample imported, a centroid ONNX
/// classifier registered with that dataset version as its lineage, and Drift reading both to build its reference.
/// Alerts go to a live signed receiver and to a receiver that is down.
/// </summary>
public sealed class DriftServiceFixture : IAsyncLifetime
{
    public const string ModelName = "fashion-centroid";
    public const string WebhookSecret = "fixture-secret";
    public const int WindowSize = 100;

    private readonly string dataRoot = Directory.CreateTempSubdirectory("drift-service-").FullName;
    private ServiceProcess? ingestion;
    private ServiceProcess? registry;

    public ServiceProcess Drift { get; private set; } = null!;

    public SignedReceiver Receiver { get; private set; } = null!;

    public DriftService.DriftServiceClient Client => new(Drift.Channel);

    public int ModelVersion { get; private set; }

    public string DatasetVersion { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Receiver = await SignedReceiver.StartAsync(WebhookSecret);
        var files = FashionMnistSample.SampleFiles;
        ingestion = await ServiceProcess.StartAsync("Ingestion", new Dictionary<string, string?>
        {
            ["DataRoot"] = Path.Combine(dataRoot, "ingestion-root"),
            ["Ingestion__ImportRoots__0"] = RepositoryLayout.FashionMnistSampleFolder,
            ["ConnectionStrings__cache"] = null,
        });
        var import = await new IngestionService.IngestionServiceClient(ingestion.Channel).ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = "fashion-sample",
            Idx = new Ingestion.V1.IdxSource
            {
                ImagesPath = files.TrainImages,
                LabelsPath = files.TrainLabels,
                TestImagesPath = files.TestImages,
                TestLabelsPath = files.TestLabels,
            },
            ClassNames = { FashionMnist.ClassNames },
        });
        DatasetVersion = import.Version.Id;

        registry = await ServiceProcess.StartAsync("Registry", new Dictionary<string, string?>
        {
            ["DataRoot"] = Path.Combine(dataRoot, "registry-root"),
            ["Services__ingestion"] = ingestion.GrpcAddress.ToString(),
            ["ConnectionStrings__cache"] = null,
        });
        var registryClient = new RegistryService.RegistryServiceClient(registry.Channel);
        var onnx = DriftStack.OnnxModel;
        using (var upload = registryClient.UploadArtifact())
        {
            await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Header = new ArtifactHeader { Name = "model.onnx", MediaType = "application/onnx" } });
            await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Chunk = ByteString.CopyFrom(onnx) });
            await upload.RequestStream.CompleteAsync();
            var artifact = await upload;
            var version = await registryClient.RegisterModelVersionAsync(new RegisterModelVersionRequest
            {
                ModelName = ModelName,
                OnnxSha256 = artifact.Sha256,
                Lineage = new Lineage { DatasetVersion = DatasetVersion },
            });
            ModelVersion = version.Version;
        }

        Drift = await ServiceProcess.StartAsync("Drift", new Dictionary<string, string?>
        {
            ["DataRoot"] = Path.Combine(dataRoot, "drift-root"),
            ["Services__registry"] = registry.GrpcAddress.ToString(),
            ["Services__ingestion"] = ingestion.GrpcAddress.ToString(),
            ["Drift__Window__Size"] = WindowSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Drift__Window__MinDuration"] = "00:00:00",
            ["Drift__Alerts__ConsecutiveWindows"] = "2",
            ["Drift__Webhooks__Urls__0"] = $"http://127.0.0.1:{FreePort.Next()}/down",
            ["Drift__Webhooks__Urls__1"] = Receiver.Url.ToString(),
            ["Drift__Webhooks__Secret"] = WebhookSecret,
            ["Drift__Webhooks__MaxAttempts"] = "3",
            ["Drift__Webhooks__InitialBackoff"] = "00:00:00.2",
            // A slow answer on a loaded machine must not count as a failed attempt and be sent again: the receiver expects one call.
            ["Drift__Webhooks__AttemptTimeout"] = "00:02:00",
            ["ConnectionStrings__cache"] = null,
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var service in new[] { Drift, registry, ingestion })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }

        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }

        try
        {
            Directory.Delete(dataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A process may still be releasing a file; the temp folder is cleaned by the system later.
        }
    }
}
