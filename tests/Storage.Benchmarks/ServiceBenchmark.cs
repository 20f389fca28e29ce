using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.Storage.Benchmarks;

/// <summary>
/// The same workloads through the real Ingestion and Registry processes in three setups: SQLite + disk (the default),
/// PostgreSQL + disk (what the metadata database costs per RPC) and SQLite + an S3 bucket (what the blob store costs
/// an import and artifact transfers). One run, so the setups see the same machine load.
/// </summary>
internal static class ServiceBenchmark
{
    private const int ArtifactCount = 20;
    private const int ArtifactBytes = 1_700_000;
    private const string DatasetFolder = "/usr/share/datasets/fashion-mnist";

    public static async Task RunAsync(int calls)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var s3 = await S3Server.StartAsync();
        var setups = new (string Name, Func<Task<Dictionary<string, string?>>> Settings)[]
        {
            ("sqlite + disk", () => Task.FromResult(new Dictionary<string, string?>())),
            ("postgres + disk", async () => new Dictionary<string, string?>
            {
                ["Metadata__Kind"] = "postgres",
                ["ConnectionStrings__metadata"] = await postgres.CreateDatabaseAsync(),
            }),
            ("sqlite + s3rver", () => Task.FromResult(new Dictionary<string, string?>
            {
                ["Storage__Blobs__Kind"] = "s3",
                ["Storage__Blobs__S3__ServiceUrl"] = s3.ServiceUrl,
                ["Storage__Blobs__S3__Bucket"] = S3Server.Bucket,
                ["Storage__Blobs__S3__AccessKey"] = S3Server.AccessKey,
                ["Storage__Blobs__S3__SecretKey"] = S3Server.SecretKey,
                ["Storage__Blobs__S3__Prefix"] = $"bench-{Guid.NewGuid():N}",
            })),
        };

        Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"RPC latency: median (p90) of {calls} sequential calls, ms; import: full Fashion-MNIST from {DatasetFolder}; artifacts: {ArtifactCount} x 1.7 MB");
        Console.WriteLine("| setup | registry CreateRun | registry LogMetrics (10 points) | registry GetRun | ingestion GetDataset | ingestion TagVersion | import s (MB/s) | artifact upload MB/s | artifact download MB/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, settings) in setups)
        {
            Console.WriteLine(await MeasureAsync(name, await settings(), calls));
        }

        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task<string> MeasureAsync(string name, Dictionary<string, string?> settings, int calls)
    {
        var dataRoot = Directory.CreateTempSubdirectory("service-bench-").FullName;
        try
        {
            settings["DataRoot"] = dataRoot;
            settings["Ingestion__ImportRoots__0"] = DatasetFolder;
            settings["Logging__LogLevel__Default"] = "Warning";
            await using var ingestion = await ServiceProcess.StartAsync("Ingestion", settings);
            await using var registry = await ServiceProcess.StartAsync("Registry", new Dictionary<string, string?>(settings)
            {
                ["Services__ingestion"] = ingestion.GrpcAddress.ToString(),
            });
            var datasets = new IngestionService.IngestionServiceClient(ingestion.Channel);
            var runs = new RegistryService.RegistryServiceClient(registry.Channel);

            var (importSeconds, importMegabytes) = await ImportAsync(datasets);
            var versionId = (await datasets.GetDatasetAsync(new GetDatasetRequest { Reference = "fashion-mnist@latest" })).Id;
            var run = await runs.CreateRunAsync(new CreateRunRequest { Experiment = "bench" });
            var step = 0;
            var createRun = await LatencyAsync(calls, () => runs.CreateRunAsync(new CreateRunRequest { Experiment = "bench", Name = "r" }).ResponseAsync);
            var logMetrics = await LatencyAsync(calls, () => runs.LogMetricsAsync(new LogMetricsRequest
            {
                RunId = run.Id,
                Points = { Enumerable.Range(0, 10).Select(i => new MetricPoint { Key = $"m{i}", Value = i, Step = step++ }) },
            }).ResponseAsync);
            var getRun = await LatencyAsync(calls, () => runs.GetRunAsync(new GetRunRequest { RunId = run.Id }).ResponseAsync);
            var getDataset = await LatencyAsync(calls, () => datasets.GetDatasetAsync(new GetDatasetRequest { Reference = "fashion-mnist@latest" }).ResponseAsync);
            var tag = 0;
            var tagVersion = await LatencyAsync(calls, () => datasets.TagVersionAsync(new TagVersionRequest { VersionId = versionId, Tag = $"t{tag++}" }).ResponseAsync);
            var (upload, download) = await ArtifactsAsync(runs);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {createRun} | {logMetrics} | {getRun} | {getDataset} | {tagVersion} | {importSeconds:0.0} ({importMegabytes / importSeconds:0.0}) | {upload:0.0} | {download:0.0} |");
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    private static async Task<(double Seconds, double Megabytes)> ImportAsync(IngestionService.IngestionServiceClient datasets)
    {
        var clock = Stopwatch.StartNew();
        await datasets.ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = "fashion-mnist",
            Idx = new IdxSource
            {
                ImagesPath = Path.Combine(DatasetFolder, "train-images-idx3-ubyte.gz"),
                LabelsPath = Path.Combine(DatasetFolder, "train-labels-idx1-ubyte.gz"),
                TestImagesPath = Path.Combine(DatasetFolder, "t10k-images-idx3-ubyte.gz"),
                TestLabelsPath = Path.Combine(DatasetFolder, "t10k-labels-idx1-ubyte.gz"),
            },
            ClassNames = { FashionMnistSample.ClassNames },
        });
        // The pixels the import stores: 70,000 images of 784 bytes.
        return (clock.Elapsed.TotalSeconds, 70_000 * 784 / 1e6);
    }

    private static async Task<(double Upload, double Download)> ArtifactsAsync(RegistryService.RegistryServiceClient registry)
    {
        var random = new Random(7);
        var blobs = Enumerable.Range(0, ArtifactCount).Select(_ =>
        {
            var bytes = new byte[ArtifactBytes];
            random.NextBytes(bytes);
            return bytes;
        }).ToList();
        var hashes = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var blob in blobs)
        {
            using var upload = registry.UploadArtifact();
            await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Header = new ArtifactHeader { Name = "model.onnx", MediaType = "application/octet-stream" } });
            for (var offset = 0; offset < blob.Length; offset += 64 * 1024)
            {
                await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Chunk = ByteString.CopyFrom(blob, offset, Math.Min(64 * 1024, blob.Length - offset)) });
            }

            await upload.RequestStream.CompleteAsync();
            hashes.Add((await upload).Sha256);
        }

        var uploadSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        long received = 0;
        foreach (var hash in hashes)
        {
            using var download = registry.DownloadArtifact(new DownloadArtifactRequest { Sha256 = hash });
            await foreach (var chunk in download.ResponseStream.ReadAllAsync())
            {
                received += chunk.Content.Length;
            }
        }

        if (received != (long)ArtifactCount * ArtifactBytes)
        {
            throw new InvalidOperationException($"Downloaded {received} bytes, expected {ArtifactCount * ArtifactBytes}.");
        }

        var megabytes = ArtifactCount * ArtifactBytes / 1e6;
        return (megabytes / uploadSeconds, megabytes / clock.Elapsed.TotalSeconds);
    }

    private static async Task<string> LatencyAsync<T>(int calls, Func<Task<T>> call)
    {
        for (var warmUp = 0; warmUp < 10; warmUp++)
        {
            await call();
        }

        var times = new double[calls];
        for (var index = 0; index < calls; index++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            times[index] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return string.Create(CultureInfo.InvariantCulture, $"{times[calls / 2]:0.00} ({times[calls * 9 / 10]:0.00})");
    }
}
