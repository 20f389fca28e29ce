using Mlops.LoadGenerator.Measurement;
using static Mlops.LoadGenerator.Reports.Figures;

namespace Mlops.LoadGenerator.Cli;

/// <summary>A progress line a second.</summary>
public static class ConsoleProgress
{
    public static string Line(ProgressSnapshot p) =>
        $"[{p.ElapsedSeconds,6:0.0}s] {p.Phase} | rps {Number(p.LastSecond.Rps)} | p50 {Ms(p.LastSecond.P50Us)} ms | p99 {Ms(p.LastSecond.P99Us)} ms"
        + $" | errors/s {Integer(p.LastSecond.Fail)} | total {Integer(p.TotalCount)} (fail {Integer(p.TotalFail)}, dropped {Integer(p.Dropped)}) | in-flight {p.InFlight}";
}
