using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mlops.Drift.Grpc;
using Mlops.Drift.Tests;
using Mlops.Drift.V1;
using Mlops.TestSupport;

// Drift ingestion and window analysis in-process, as the Drift service runs them: serialized record batches of real
// images' statistics and a real ONNX model's outputs are parsed, validated, put into windows, and every closed window is
// tested against the reference and stored in SQLite. Simulated time advances with the traffic rate, so a window's
// minimum duration holds as it would live. Reported per CPU-second of this process (records/s per core).
//
//   dotnet run -c Release --project tests/Drift.Benchmarks -- [records] [records per second of simulated traffic]
var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
var rate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 6_000;
const int BatchSize = 256;

Console.WriteLine($"{records:N0} records in batches of {BatchSize}, simulated traffic {rate:N0} records/s, window size 500; {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine("| windows | records/s per core | records/s (wall) | windows closed | records sampled | records left out |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (name, minDuration) in new[] { ("closed at 500 records (MinDuration 0)", TimeSpan.Zero), ("500 sampled per 5 s (MinDuration 5 s, the default)", TimeSpan.FromSeconds(5)) })
{
    using var stack = new DriftStack(options =>
    {
        options.Window.Size = 500;
        options.Window.MinDuration = minDuration;
    });
    await stack.ReferenceAsync();
    using var classifier = DriftStack.Classifier();
    var batches = Enumerable.Range(0, 40)
        .Select(i => TrafficGenerator.Batch(classifier, FashionMnistSample.Test,
            [.. TrafficGenerator.Shuffled(FashionMnistSample.Test.Count, i).Take(BatchSize)], DriftStack.ModelName, DriftStack.ModelVersion).ToByteArray())
        .ToArray();
    var step = TimeSpan.FromSeconds(BatchSize / rate);

    async Task SendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var batch = RecordBatch.Parser.ParseFrom(batches[i % batches.Length]);
            var now = Timestamp.FromDateTimeOffset(stack.Clock.GetUtcNow());
            foreach (var record in batch.Records)
            {
                record.Timestamp = now;
            }

            stack.Clock.Advance(step);
            await stack.Monitor.RecordAsync(batch.ToDomain(), CancellationToken.None);
        }
    }

    await SendAsync(40);
    var windowsBefore = stack.Repository.ListWindows(DriftStack.ModelName, DriftStack.ModelVersion, int.MaxValue).Count;
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    await SendAsync(records / BatchSize);
    wall.Stop();
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    var closed = stack.Repository.ListWindows(DriftStack.ModelName, DriftStack.ModelVersion, int.MaxValue);
    var measured = closed.Take(closed.Count - windowsBefore).ToList();
    var sent = (records / BatchSize) * BatchSize;
    Console.WriteLine($"| {name} | {sent / cpu.TotalSeconds:N0} | {sent / wall.Elapsed.TotalSeconds:N0} | {measured.Count} | {measured.Sum(w => w.RecordCount):N0} | {measured.Sum(w => w.RecordsSeen - w.RecordCount):N0} |");
}
