using System.Diagnostics;

namespace Mlops.Ingestion.Benchmarks;

/// <summary>Wall and CPU time of a stretch of work; CPU matters because the machine is shared and wall time is inflated under load.</summary>
internal sealed class CpuClock
{
    private readonly Stopwatch wall = Stopwatch.StartNew();
    private readonly TimeSpan cpuStart;
    private readonly Process process;

    public CpuClock(Process process)
    {
        this.process = process;
        process.Refresh();
        cpuStart = process.TotalProcessorTime;
    }

    public static CpuClock Self() => new(Process.GetCurrentProcess());

    public (double WallSeconds, double CpuSeconds) Stop()
    {
        var seconds = wall.Elapsed.TotalSeconds;
        process.Refresh();
        return (seconds, (process.TotalProcessorTime - cpuStart).TotalSeconds);
    }
}
