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
/// an import and artifact transfers). All three stacks run at once and the calls take turns (setup 1, 2, 3, 1, 2, ...),
/// so on a shared machine whose load swings by tens of runnable processes a minute every setup sees the same load;
/// the imports, one long call each, run one after the other.
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
        var setups = new (string Name, Dictionary<string, string?> Settings)[]
        {
            ("sqlite + disk", []),
            ("postgres + disk", new Dictionary<string, string?>
            {
                ["Metadata__Kind"] = "postgres",
                ["ConnectionStrings__metadata"] = await postgres.CreateDatabaseAsync(),
            }),
            ("sqlite + s3rver", new Dictionary<string, string?>
            {
                ["Storage__Blobs__Kind"] = "s3",
                ["Storage__Blobs__S3__ServiceUrl"] = s3.ServiceUrl,
                ["Storage__Blobs__S3__Bucket"] = S3Server.Bucket,
                ["Storage__Blobs__S3__AccessKey"] = S3Server.AccessKey,
                ["Storage__Blobs__S3__SecretKey"] = S3Server.SecretKey,
                ["Storage__Blobs__S3__Prefix"] = $"bench-{Guid.NewGuid():N}",
            }),
        };

        var stacks = new List<Stack>();
        try
        {
            foreach (var (name, settings) in setups)
            {
                stacks.Add(await Stack.StartAsync(name, settings));
            }

            Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine($"RPC latency: median (p90) of {calls} sequential calls per setup, taking turns, ms; import: full Fashion-MNIST from {DatasetFolder}; artifacts: {ArtifactCount} x 1.7 MB");
            var imports = new List<(double Seconds, double Megabytes)>();
            foreach (var stack in stacks)
            {
                imports.Add(await ImportAsync(stack.Datasets));
                stack.VersionId = (await stack.Datasets.GetDatasetAsync(new GetDatasetRequest { Reference = "fashion-mnist@latest" })).Id;
                stack.RunId = (await stack.Runs.CreateRunAsync(new CreateRunRequest { Experiment = "bench" })).Id;
            }

            var createRun = await LatencyAsync(calls, stacks, stack => stack.Runs.CreateRunAsync(new CreateRunRequest { Experiment = "bench", Name = "r" }).ResponseAsync);
            var logMetrics = await LatencyAsync(calls, stacks, stack => stack.Runs.LogMetricsAsync(new LogMetricsRequest
            {
                RunId = stack.RunId,
                Points = { Enumerable.Range(0, 10).Select(i => new MetricPoint { Key = $"m{i}", Value = i, Step = stack.Step++ }) },
            }).ResponseAsync);
            var getRun = await LatencyAsync(calls, stacks, stack => stack.Runs.GetRunAsync(new GetRunRequest { RunId = stack.RunId }).ResponseAsync);
            var getDataset = await LatencyAsync(calls, stacks, stack => stack.Datasets.GetDatasetAsync(new GetDatasetRequest { Reference = "fashion-mnist@latest" }).ResponseAsync);
            var tagVersion = await LatencyAsync(calls, stacks, stack => stack.Datasets.TagVersionAsync(new TagVersionRequest { VersionId = stack.VersionId, Tag = $"t{stack.Tag++}" }).ResponseAsync);
            var artifacts = await ArtifactsAsync(stacks);

            Console.WriteLine("| setup | registry CreateRun | registry LogMetrics (10 points) | registry GetRun | ingestion GetDataset | ingestion TagVersion | import s (MB/s) | artifact upload MB/s | artifact download MB/s |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            for (var index = 0; index < stacks.Count; index++)
            {
                var (importSeconds, importMegabytes) = imports[index];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {stacks[index].Name} | {createRun[index]} | {logMetrics[index]} | {getRun[index]} | {getDataset[index]} | {tagVersion[index]} | {importSeconds:0.0} ({importMegabytes / importSeconds:0.0}) | {artifacts[index].Upload:0.0} | {artifacts[index].Download:0.0} |"));
            }

            Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            foreach (var stack in stacks)
            {
                await stack.DisposeAsync();
            }
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

    private static async Task<(double Upload, double Download)[]> ArtifactsAsync(List<Stack> stacks)
    {
        var random = new Random(7);
        var blobs = Enumerable.Range(0, ArtifactCount).Select(_ =>
        {
            var bytes = new byte[ArtifactBytes];
            random.NextBytes(bytes);
            return bytes;
        }).ToList();
        var uploadSeconds = new double[stacks.Count];
        var downloadSeconds = new double[stacks.Count];
        var hashes = stacks.Select(_ => new List<string>()).ToList();
        foreach (var blob in blobs)
        {
            for (var index = 0; index < stacks.Count; index++)
            {
                var clock = Stopwatch.StartNew();
                hashes[index].Add(await UploadAsync(stacks[index].Runs, blob));
                uploadSeconds[index] += clock.Elapsed.TotalSeconds;
            }
        }

        for (var blob = 0; blob < ArtifactCount; blob++)
        {
            for (var index = 0; index < stacks.Count; index++)
            {
                var clock = Stopwatch.StartNew();
                var received = await DownloadAsync(stacks[index].Runs, hashes[index][blob]);
                downloadSeconds[index] += clock.Elapsed.TotalSeconds;
                if (received != ArtifactBytes)
                {
                    throw new InvalidOperationException($"{stacks[index].Name}: downloaded {received} bytes, expected {ArtifactBytes}.");
                }
            }
        }

        var megabytes = ArtifactCount * ArtifactBytes / 1e6;
        return [.. uploadSeconds.Zip(downloadSeconds, (upload, download) => (megabytes / upload, megabytes / download))];
    }

    private static async Task<string> UploadAsync(RegistryService.RegistryServiceClient registry, byte[] blob)
    {
        using var upload = registry.UploadArtifact();
        await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Header = new ArtifactHeader { Name = "model.onnx", MediaType = "application/octet-stream" } });
        for (var offset = 0; offset < blob.Length; offset += 64 * 1024)
        {
            await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Chunk = ByteString.CopyFrom(blob, offset, Math.Min(64 * 1024, blob.Length - offset)) });
        }

        await upload.RequestStream.CompleteAsync();
        return (await upload).Sha256;
    }

    private static async Task<long> DownloadAsync(RegistryService.RegistryServiceClient registry, string hash)
    {
        long received = 0;
        using var download = registry.DownloadArtifact(new DownloadArtifactRequest { Sha256 = hash });
        await foreach (var chunk in download.ResponseStream.ReadAllAsync())
        {
            received += chunk.Content.Length;
        }

        return received;
    }

    private static async Task<string[]> LatencyAsync<T>(int calls, List<Stack> stacks, Func<Stack, Task<T>> call)
    {
        foreach (var stack in stacks)
        {
            for (var warmUp = 0; warmUp < 10; warmUp++)
            {
                await call(stack);
            }
        }

        var times = stacks.Select(_ => new double[calls]).ToList();
        for (var index = 0; index < calls; index++)
        {
            for (var setup = 0; setup < stacks.Count; setup++)
            {
                var clock = Stopwatch.StartNew();
                await call(stacks[setup]);
                times[setup][index] = clock.Elapsed.TotalMilliseconds;
            }
        }

        return [.. times.Select(setup =>
        {
            Array.Sort(setup);
            return string.Create(CultureInfo.InvariantCulture, $"{setup[calls / 2]:0.00} ({setup[calls * 9 / 10]:0.00})");
        })];
    }

    /// <summary>One setup's Ingestion and Registry on a data root of their own, and the ids its calls use.</summary>
    private sealed class Stack : IAsyncDisposable
    {
        private readonly string dataRoot;
        private readonly ServiceProcess ingestion;
        private readonly ServiceProcess registry;

        private Stack(string name, string dataRoot, ServiceProcess ingestion, ServiceProcess registry)
        {
            (Name, this.dataRoot, this.ingestion, this.registry) = (name, dataRoot, ingestion, registry);
            Datasets = new IngestionService.IngestionServiceClient(ingestion.Channel);
            Runs = new RegistryService.RegistryServiceClient(registry.Channel);
        }

        public string Name { get; }

        public IngestionService.IngestionServiceClient Datasets { get; }

        public RegistryService.RegistryServiceClient Runs { get; }

        public string VersionId { get; set; } = "";

        public string RunId { get; set; } = "";

        public int Step { get; set; }

        public int Tag { get; set; }

        public static async Task<Stack> StartAsync(string name, Dictionary<string, string?> settings)
        {
            var dataRoot = Directory.CreateTempSubdirectory("service-bench-").FullName;
            ServiceProcess? ingestion = null;
            try
            {
                settings["DataRoot"] = dataRoot;
                settings["Ingestion__ImportRoots__0"] = DatasetFolder;
                settings["Logging__LogLevel__Default"] = "Warning";
                ingestion = await ServiceProcess.StartAsync("Ingestion", settings);
                var registry = await ServiceProcess.StartAsync("Registry", new Dictionary<string, string?>(settings)
                {
                    ["Services__ingestion"] = ingestion.GrpcAddress.ToString(),
                });
                return new Stack(name, dataRoot, ingestion, registry);
            }
            catch
            {
                if (ingestion is not null)
                {
                    await ingestion.DisposeAsync();
                }

                Directory.Delete(dataRoot, recursive: true);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await registry.DisposeAsync();
            await ingestion.DisposeAsync();
            Directory.Delete(dataRoot, recursive: true);
        }
    }
}
