using System.Diagnostics;

namespace Mlops.Imaging.Benchmarks;

/// <summary>
/// Times an action: one warm-up, then the median of several runs. Reports wall time and the process
/// CPU time of the same run (the machine is shared, so wall time alone overstates cost under load),
/// and the bytes allocated per item.
/// </summary>
internal static class Measurement
{
    public static void Report(string name, int runs, int itemsPerRun, Action action)
    {
        action();
        var walls = new double[runs];
        var cpus = new double[runs];
        long allocated = 0;
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < runs; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            walls[r] = watch.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpus[r] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Array.Sort(walls);
        Array.Sort(cpus);
        double wall = walls[runs / 2];
        double cpu = cpus[runs / 2];
        Console.WriteLine(
            $"| {name} | {wall:0.0} ms | {cpu:0.0} ms | {cpu * 1000 / itemsPerRun:0.###} µs | {allocated / (double)itemsPerRun:N0} B |");
    }
}
