using System.Diagnostics;
using System.Globalization;
using Mlops.Soak.Benchmarks;

// Soak: a mixed load against real service processes for a given time, sampling each service's resident memory, open file
// descriptors and threads, then saying whether they stayed flat once warm.
//   dotnet run -c Release --project tests/Soak.Benchmarks -- [--duration 10m] [--interval 15s] [--workers 4] [--import-every 5s] [--csv soak.csv]
var options = SoakOptions.Parse(args);
Console.WriteLine($"soak: {options.Duration} of mixed load, {options.Workers} callers, a small import every {options.ImportEvery}, sampled every {options.Interval}");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");

await using var stack = await SoakStack.StartAsync();
var load = new MixedLoad(stack);
var samples = new List<ProcessSample>();
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(options.Duration);
var running = load.RunAsync(options.Workers, options.ImportEvery, stop.Token);
while (!stop.IsCancellationRequested)
{
    foreach (var service in stack.Services)
    {
        samples.Add(ProcessSample.Take(clock.Elapsed, service.Name, service.ProcessId));
    }

    var latest = samples.TakeLast(stack.Services.Count);
    Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} " + string.Join("  ", latest.Select(sample => $"{sample.Service} {sample.RssKib / 1024} MiB {sample.OpenHandles} fd {sample.Threads} thr"))
        + $"  calls ok {load.Counts.Values.Sum(count => count.Ok)} failed {load.Counts.Values.Sum(count => count.Failed)}");
    try
    {
        await Task.Delay(options.Interval, stop.Token);
    }
    catch (OperationCanceledException)
    {
        break;
    }
}

await running;
foreach (var service in stack.Services)
{
    samples.Add(ProcessSample.Take(clock.Elapsed, service.Name, service.ProcessId));
}

Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
if (options.Csv is { } csv)
{
    File.WriteAllLines(csv, ["seconds,service,rss_kib,open_handles,threads",
        .. samples.Select(sample => string.Create(CultureInfo.InvariantCulture, $"{sample.At.TotalSeconds:0},{sample.Service},{sample.RssKib},{sample.OpenHandles},{sample.Threads}"))]);
}

Console.WriteLine();
Console.WriteLine("| call | ok | failed | first error |");
Console.WriteLine("|---|---|---|---|");
foreach (var (kind, (ok, failed)) in load.Counts.OrderBy(entry => entry.Key))
{
    Console.WriteLine($"| {kind} | {ok} | {failed} | {load.FirstErrors.GetValueOrDefault(kind, "")} |");
}

Console.WriteLine();
var verdicts = SoakVerdict.Of(samples, options.Duration);
Console.WriteLine(SoakVerdict.Header);
foreach (var verdict in verdicts)
{
    Console.WriteLine(verdict.Row);
}

return verdicts.All(verdict => verdict.Flat) && load.Counts.Values.All(count => count.Failed == 0) ? 0 : 1;
