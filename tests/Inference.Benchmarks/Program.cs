using System.Diagnostics;
using Google.Protobuf;
using Grpc.Net.Client;
using Mlops.Inference.Benchmarks;
using Mlops.Inference.V1;
using Mlops.Registry.V1;
using Mlops.Scoring;
using Mlops.TestSupport;

// dotnet run -c Release --project tests/Inference.Benchmarks [-- seconds-per-measurement [rounds]]
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var duration = TimeSpan.FromSeconds(seconds);
var onnx = CnnOnnx.Build();
var images = FashionMnistSample.Test;
Console.WriteLine($"Inference benchmark: CNN conv32-conv64-fc128 ({onnx.Length / 1024} KiB), {Environment.ProcessorCount} cores, {seconds} s per measurement, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

// The ceiling: ONNX Runtime alone, batches of 64, the better of one 2-thread caller and two 1-thread callers.
double Ceiling(out string detail)
{
    var best = 0.0;
    var parts = new List<string>();
    foreach (var (threads, callers) in new[] { (2, 1), (1, 2) })
    {
        using var classifier = OnnxClassifier.Load(onnx, threads);
        var batch = images.Pixels.AsMemory(0, 64 * 784);
        var done = 0L;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, callers, _ =>
        {
            var probabilities = new float[64 * 10];
            while (clock.Elapsed < duration)
            {
                classifier.Predict(batch.Span, 64, probabilities);
                Interlocked.Add(ref done, 64);
            }
        });
        var rate = done / clock.Elapsed.TotalSeconds;
        parts.Add($"{threads}x{callers}: {rate:N0}");
        best = Math.Max(best, rate);
    }

    detail = string.Join(", ", parts);
    return best;
}

var dataRoot = Directory.CreateTempSubdirectory("mlops-inference-bench-").FullName;
await using var registry = await ServiceProcess.StartAsync("Registry", new Dictionary<string, string?> { ["DataRoot"] = dataRoot, ["ConnectionStrings__cache"] = null });
var registryClient = new RegistryService.RegistryServiceClient(registry.Channel);
using (var upload = registryClient.UploadArtifact())
{
    await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Header = new ArtifactHeader { Name = "cnn.onnx", MediaType = "application/onnx" } });
    for (var offset = 0; offset < onnx.Length; offset += 1 << 20)
    {
        await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Chunk = ByteString.CopyFrom(onnx, offset, Math.Min(1 << 20, onnx.Length - offset)) });
    }

    await upload.RequestStream.CompleteAsync();
    var artifact = await upload;
    var version = await registryClient.RegisterModelVersionAsync(new RegisterModelVersionRequest { ModelName = "fashion", OnnxSha256 = artifact.Sha256 });
    await registryClient.SetAliasAsync(new SetAliasRequest { ModelName = "fashion", Alias = "staging", Version = version.Version });
}

var requests = Enumerable.Range(0, images.Count).Select(index => new PredictRequest
{
    Image = new ImageInput { Pixels = new RawPixels { Uint8Data = ByteString.CopyFrom(images.Image(index)) } },
}).ToArray();

async Task<ServiceProcess> StartInferenceAsync(Dictionary<string, string?> settings)
{
    var environment = new Dictionary<string, string?>(settings)
    {
        ["Services__registry"] = registry.GrpcAddress.ToString(),
        ["Inference__Alias"] = "staging",
        ["Inference__Collection__Enabled"] = "false",
        ["ConnectionStrings__cache"] = settings.GetValueOrDefault("ConnectionStrings__cache"),
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        ["Logging__LogLevel__Default"] = "Warning",
    };
    return await ServiceProcess.StartAsync("Inference", environment);
}

GrpcChannel Channel(ServiceProcess service) => GrpcChannel.ForAddress(service.GrpcAddress, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
});

async Task<double> StreamThroughputAsync(ServiceProcess service, int streams)
{
    using var channel = Channel(service);
    var client = new InferenceService.InferenceServiceClient(channel);
    var done = 0L;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, streams).Select(async stream =>
    {
        using var call = client.PredictStream();
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                Interlocked.Increment(ref done);
            }
        });
        for (var index = stream; clock.Elapsed < duration; index++)
        {
            await call.RequestStream.WriteAsync(requests[index % requests.Length]);
        }

        await call.RequestStream.CompleteAsync();
        await reading;
    }));
    return done / clock.Elapsed.TotalSeconds;
}

async Task<(double Rate, double P50, double P99)> UnaryAsync(ServiceProcess service, int concurrency, Func<int, PredictRequest> pick)
{
    using var channel = Channel(service);
    var client = new InferenceService.InferenceServiceClient(channel);
    var warm = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        for (var index = worker; warm.Elapsed < TimeSpan.FromSeconds(1); index += concurrency)
        {
            await client.PredictAsync(pick(index));
        }
    }));
    var latencies = new List<double>[concurrency];
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var mine = latencies[worker] = new List<double>(100_000);
        for (var index = worker; clock.Elapsed < duration; index += concurrency)
        {
            var started = Stopwatch.GetTimestamp();
            await client.PredictAsync(pick(index));
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }));
    var all = latencies.SelectMany(list => list).Order().ToArray();
    return (all.Length / clock.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
}

// Every configuration runs at once (idle while another is measured) and the measurements are interleaved over rounds,
// so a burst of load from other tenants of this machine hits all of them alike; medians are reported.
var noCache = new Dictionary<string, string?> { ["Inference__Cache__Enabled"] = "false" };
await using var batchedService = await StartInferenceAsync(noCache);
await using var singleService = await StartInferenceAsync(new(noCache) { ["Inference__Batching__MaxBatchSize"] = "1" });
await using var cachedService = await StartInferenceAsync(new());
var hot = requests.Take(100).ToArray();
var unique = 0;
var results = new Dictionary<string, List<double[]>>();
void Add(string name, params double[] values) => (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(values);
for (var round = 1; round <= rounds; round++)
{
    Add("ceiling", Ceiling(out var detail));
    Console.WriteLine($"round {round}: ORT batch 64 (threads x callers) {detail}");
    Add("stream", await StreamThroughputAsync(batchedService, 4));
    Add("stream single", await StreamThroughputAsync(singleService, 4));
    var (rate, p50, p99) = await UnaryAsync(batchedService, 32, index => requests[index % requests.Length]);
    Add("batched", rate, p50, p99);
    (rate, p50, p99) = await UnaryAsync(singleService, 32, index => requests[index % requests.Length]);
    Add("single", rate, p50, p99);
    (rate, p50, p99) = await UnaryAsync(cachedService, 32, index => hot[index % hot.Length]);
    Add("hits", rate, p50, p99);
    (rate, p50, p99) = await UnaryAsync(cachedService, 32, _ => Unique(Interlocked.Increment(ref unique)));
    Add("misses", rate, p50, p99);
    Console.WriteLine($"round {round}: " + string.Join("; ", results.Select(entry => $"{entry.Key} {entry.Value[^1][0]:N0}")));
}

double Median(string name, int column = 0)
{
    var values = results[name].Select(row => row[column]).Order().ToArray();
    return values[values.Length / 2];
}

var ceiling = Median("ceiling");
Console.WriteLine();
Console.WriteLine($"Medians over {rounds} rounds:");
Console.WriteLine($"ORT ceiling, batch 64:                               {ceiling,10:N0} images/s");
Console.WriteLine($"PredictStream, 4 streams, dynamic batching:          {Median("stream"),10:N0} images/s = {Median("stream") / ceiling:P0} of the ceiling");
foreach (var (name, label) in new[] { ("batched", "Unary, concurrency 32, dynamic batching"), ("single", "Unary, concurrency 32, batch size 1"), ("hits", "Unary, concurrency 32, cache on, all hits"), ("misses", "Unary, concurrency 32, cache on, all misses") })
{
    Console.WriteLine($"{label + ":",-52} {Median(name),10:N0} req/s, p50 {Median(name, 1),7:F2} ms, p99 {Median(name, 2),7:F2} ms");
}

Console.WriteLine($"PredictStream, 4 streams, batch size 1:              {Median("stream single"),10:N0} images/s");
Console.WriteLine($"Dynamic batching gain over batch size 1: PredictStream {Median("stream") / Median("stream single"):F2}x, unary at concurrency 32 {Median("batched") / Median("single"):F2}x");
Console.WriteLine($"Cache gain (all hits vs no cache): {Median("hits") / Median("batched"):F2}x; cost of a miss (all misses vs no cache): {Median("misses") / Median("batched"):F2}x");
Directory.Delete(dataRoot, recursive: true);

// An image no request has sent before: a sample image with a counter written into its first pixels.
PredictRequest Unique(int counter)
{
    var pixels = images.Image(counter % images.Count).ToArray();
    BitConverter.TryWriteBytes(pixels.AsSpan(0, 4), counter);
    return new PredictRequest { Image = new ImageInput { Pixels = new RawPixels { Uint8Data = ByteString.CopyFrom(pixels) } } };
}
