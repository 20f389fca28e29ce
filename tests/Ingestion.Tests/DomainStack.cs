using Mlops.Ingestion.Events;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Profiles;
using Mlops.Ingestion.Reading;
using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.Retention;
using Mlops.Ingestion.V1;
using Mlops.Ingestion.Versioning;
using Mlops.Storage;

namespace Mlops.Ingestion.Tests;

/// <summary>The ingestion domain objects wired over a temporary folder, without a server.</summary>
internal sealed class DomainStack : IDisposable, IDatasetVersionListener
{
    public DomainStack()
    {
        Directory.CreateDirectory(ImportFolder);
        Blobs = new ContentAddressedStore(Path.Combine(Root, "blobs"));
        Repository = new SqlDatasetRepository(Path.Combine(Root, "ingestion.db"));
        Roots = new ImportRoots([ImportFolder, TestData.SampleFolder]);
        Importer = new DatasetImporter(new DatasetVersionWriter(Blobs, Repository, TimeProvider.System, Gate), [this], ProfileOptions.Default);
        Collector = new OrphanBlobCollector(Blobs, Repository, Gate);
        Reader = new VersionReader(Blobs, Repository, new SplitCache(1L << 30));
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("mlops-ingestion-domain-").FullName;

    public string ImportFolder => Path.Combine(Root, "imports");

    public ContentAddressedStore Blobs { get; }

    public SqlDatasetRepository Repository { get; }

    public ImportRoots Roots { get; }

    public DatasetImporter Importer { get; }

    public VersionReader Reader { get; }

    /// <summary>Shared by the importer and the collector, as in the service.</summary>
    public BlobWriteGate Gate { get; } = new();

    public OrphanBlobCollector Collector { get; }

    public List<DatasetVersion> Created { get; } = [];

    public IdxDatasetReader IdxReader => new(Roots);

    public ClassFolderReader FolderReader => new(Roots);

    public void OnCreated(DatasetVersion version) => Created.Add(version);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
