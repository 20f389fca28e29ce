using System.Diagnostics;
using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Imaging;
using Mlops.Ingestion.Benchmarks;
using Mlops.Ingestion.Events;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Profiles;
using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.Splitting;
using Mlops.Ingestion.V1;
using Mlops.Ingestion.Versioning;
using Mlops.Storage;

// Usage: dotnet run -c Release --project tests/Ingestion.Benchmarks [-- <folder with the four Fashion-MNIST files>]
var folder = args.Length > 0 ? Path.GetFullPath(args[0]) : FashionMnist.SystemDirectory;
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
var repository = FindRepository();
var serviceDll = Path.Combine(repository, "Services", "Ingestion", "bin", configuration, "net10.0", "Mlops.Ingestion.dll");
var paths = new IdxImportPaths(
    Path.Combine(folder, FashionMnist.TrainImagesFile), Path.Combine(folder, FashionMnist.TrainLabelsFile),
    Path.Combine(folder, FashionMnist.TestImagesFile), Path.Combine(folder, FashionMnist.TestLabelsFile));
var root = Directory.CreateTempSubdirectory("mlops-ingestion-bench-").FullName;
Console.WriteLine($"Fashion-MNIST from {folder}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

try
{
    // 1. The domain importer in this process: read, split, profile, hash, store, record.
    var blobs = new ContentAddressedStore(Path.Combine(root, "domain", "blobs"));
    var datasets = new SqlDatasetRepository(Path.Combine(root, "domain", "ingestion.db"));
    var importer = new DatasetImporter(new DatasetVersionWriter(blobs, datasets, TimeProvider.System), Array.Empty<IDatasetVersionListener>(), ProfileOptions.Default);
    var reader = new IdxDatasetReader(new ImportRoots([folder]));
    var settings = new ImportSettings("fashion-mnist", [], SplitRatios.Default);
    using var self = Process.GetCurrentProcess();
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var clock = CpuClock.Self();
    var first = await importer.ImportAsync(() => reader.Read(paths, FashionMnist.ClassNames, null), settings, CancellationToken.None);
    var (wall, cpu) = clock.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
    self.Refresh();
    var images = first.Version.Splits.Sum(split => split.Count);
    Console.WriteLine($"| domain import, new version ({images} images) | {wall:0.00} s | {cpu:0.00} s | peak working set {self.PeakWorkingSet64 / 1e6:0} MB | allocated {allocated / 1e6:0} MB |");

    clock = CpuClock.Self();
    var again = await importer.ImportAsync(() => reader.Read(paths, FashionMnist.ClassNames, null), settings, CancellationToken.None);
    (wall, cpu) = clock.Stop();
    Console.WriteLine($"| domain re-import, same id {again.Version.Id == first.Version.Id}, created {again.Created} | {wall:0.00} s | {cpu:0.00} s | | |");

    // 2. The running service: import over gRPC, then stream the train split to this client.
    await using var service = await ServiceHost.StartAsync(serviceDll, Directory.CreateDirectory(Path.Combine(root, "service")).FullName, folder);
    var client = new IngestionService.IngestionServiceClient(service.Channel);
    var request = new ImportDatasetRequest
    {
        Name = "fashion-mnist",
        Idx = new Mlops.Ingestion.V1.IdxSource { ImagesPath = paths.ImagesPath, LabelsPath = paths.LabelsPath, TestImagesPath = paths.TestImagesPath, TestLabelsPath = paths.TestLabelsPath },
    };
    request.ClassNames.AddRange(FashionMnist.ClassNames);
    var serviceClock = new CpuClock(service.Process);
    var imported = await client.ImportDatasetAsync(request);
    (wall, cpu) = serviceClock.Stop();
    Console.WriteLine($"| service ImportDataset ({images} images) | {wall:0.00} s | {cpu:0.00} s (service) | peak resident {service.PeakResidentBytes() / 1e6:0} MB | server-side {imported.Seconds:0.00} s |");

    var trainCount = (int)imported.Version.Splits.Single(split => split.Split == Split.Train).Count;
    for (int run = 0; run < 4; run++)
    {
        serviceClock = new CpuClock(service.Process);
        clock = CpuClock.Self();
        long received = 0;
        using var call = client.StreamSamples(new StreamSamplesRequest { VersionId = imported.Version.Id, Split = Split.Train });
        await foreach (var batch in call.ResponseStream.ReadAllAsync())
        {
            received += batch.Count;
        }

        (wall, cpu) = clock.Stop();
        var (_, serviceCpu) = serviceClock.Stop();
        var label = run == 0 ? "StreamSamples train, first read (blob load + hash check)" : $"StreamSamples train, cached, run {run}";
        Console.WriteLine($"| {label}: {received} images | {wall:0.00} s | client {cpu:0.00} s + service {serviceCpu:0.00} s | {received / wall:N0} images/s | {received * 784 / wall / 1e6:0} MB/s |");
        if (received != trainCount)
        {
            throw new InvalidOperationException($"Streamed {received} images, expected {trainCount}.");
        }
    }

    Console.WriteLine($"| service peak resident after streaming | | | {service.PeakResidentBytes() / 1e6:0} MB | |");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (Directory.Exists(Path.Combine(dir.FullName, "Services", "Ingestion")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run the benchmark from the repository's build output.");
}
