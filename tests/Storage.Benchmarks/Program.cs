// Blob store throughput, disk vs an S3-API bucket (s3rver on loopback): what an import (a few large blobs) and artifact
// uploads/downloads (many smaller blobs) cost on each backend. Usage: Mlops.Storage.Benchmarks [repetitions]
using System.Diagnostics;
using System.Globalization;
using Mlops.Storage;
using Mlops.TestSupport;

// Mlops.Storage.Benchmarks services [calls]: RPC latency, import and artifact throughput through the services instead.
if (args is ["services", ..])
{
    await Mlops.Storage.Benchmarks.ServiceBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
    return;
}

var repetitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var folder = Directory.CreateTempSubdirectory("storage-bench-").FullName;
await using var s3 = await S3Server.StartAsync();
try
{
    var bucket = new S3Settings
    {
        ServiceUrl = s3.ServiceUrl,
        Bucket = S3Server.Bucket,
        AccessKey = S3Server.AccessKey,
        SecretKey = S3Server.SecretKey,
        Prefix = "bench",
    };
    var stores = new (string Name, IBlobStore Store)[]
    {
        ("disk", new ContentAddressedStore(Path.Combine(folder, "disk"))),
        ("s3rver", new S3BlobStore(bucket.Connect(), bucket.Bucket, bucket.Prefix)),
    };
    Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine("| store | workload | write MB/s (median) | read MB/s (median) |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var (name, store) in stores)
    {
        // Fashion-MNIST's train pixels are one 47 MB blob; a trained model's ONNX file is ~1.7 MB.
        Report(name, "1 x 47 MB (dataset split)", await MeasureAsync(store, count: 1, size: 60_000 * 784, repetitions));
        Report(name, "20 x 1.7 MB (artifacts)", await MeasureAsync(store, count: 20, size: 1_700_000, repetitions));
    }

    Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static void Report(string store, string workload, (double Write, double Read) speed) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {store} | {workload} | {speed.Write:0} | {speed.Read:0} |"));

static async Task<(double Write, double Read)> MeasureAsync(IBlobStore store, int count, int size, int repetitions)
{
    var writes = new List<double>();
    var reads = new List<double>();
    var random = new Random(size + count);
    for (var repetition = 0; repetition < repetitions; repetition++)
    {
        var blobs = Enumerable.Range(0, count).Select(_ =>
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return bytes;
        }).ToList();
        var clock = Stopwatch.StartNew();
        var stored = new List<string>();
        foreach (var blob in blobs)
        {
            stored.Add((await store.PutAsync(new MemoryStream(blob))).Sha256);
        }

        writes.Add(MegabytesPerSecond((long)count * size, clock.Elapsed));
        clock.Restart();
        foreach (var sha256 in stored)
        {
            await store.ReadAllAsync(sha256);
        }

        reads.Add(MegabytesPerSecond((long)count * size, clock.Elapsed));
    }

    return (Median(writes), Median(reads));
}

static double MegabytesPerSecond(long bytes, TimeSpan elapsed) => bytes / 1e6 / elapsed.TotalSeconds;

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
