using System.Globalization;
using Grpc.Net.Client;
using Mlops.Ingestion.V1;
using Mlops.TestSupport;

namespace Mlops.Ingestion.Tests;

/// <summary>
/// The built ingestion service (Services/Ingestion/bin/&lt;Config&gt;/net10.0/Mlops.Ingestion.dll) running as a
/// subprocess on free loopback ports with a data root of its own, ready once /health answers.
/// </summary>
public class IngestionServiceProcess : IAsyncLifetime
{
    public const long UploadLimitBytes = 2 << 20;

    private ServiceProcess? service;

    public string DataRoot { get; } = Directory.CreateTempSubdirectory("mlops-ingestion-").FullName;

    /// <summary>A folder inside the import roots where tests write data to import.</summary>
    public string ImportFolder => Path.Combine(DataRoot, "imports");

    public string BlobFolder => Path.Combine(DataRoot, "ingestion", "blobs");

    /// <summary>A channel that accepts whole-split downloads, larger than gRPC's default 4 MiB.</summary>
    public GrpcChannel Channel { get; private set; } = null!;

    public IngestionService.IngestionServiceClient Client => new(Channel);

    public string Output => service?.Output ?? "";

    protected virtual IReadOnlyDictionary<string, string> ExtraEnvironment => new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(ImportFolder);
        var environment = new Dictionary<string, string?>
        {
            ["DataRoot"] = DataRoot,
            ["Ingestion__ImportRoots__0"] = ImportFolder,
            ["Ingestion__ImportRoots__1"] = TestData.SampleFolder,
            ["Ingestion__ImportRoots__2"] = "/usr/share/datasets",
            ["Ingestion__MaxUploadBytes"] = UploadLimitBytes.ToString(CultureInfo.InvariantCulture),
            ["Grpc__MaxMessageBytes"] = (32 << 20).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in ExtraEnvironment)
        {
            environment[key] = value;
        }

        service = await ServiceProcess.StartAsync("Ingestion", environment);
        Channel = GrpcChannel.ForAddress(service.GrpcAddress, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
    }

    public virtual async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (service is not null)
        {
            await service.DisposeAsync();
        }

        Directory.Delete(DataRoot, recursive: true);
    }

    /// <summary>Every stored blob (temporary files excluded).</summary>
    public IReadOnlySet<string> Blobs() =>
        Directory.Exists(BlobFolder)
            ? Directory.EnumerateFiles(BlobFolder, "*", SearchOption.AllDirectories)
                .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) != "tmp")
                .ToHashSet()
            : new HashSet<string>();
}

/// <summary>One service process shared by the tests of the "ingestion service" collection.</summary>
[CollectionDefinition(Name)]
public sealed class IngestionServiceCollection : ICollectionFixture<IngestionServiceProcess>
{
    public const string Name = "ingestion service";
}
