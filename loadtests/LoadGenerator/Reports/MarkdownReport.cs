using System.Text;
using Mlops.LoadGenerator.Measurement;
using Mlops.LoadGenerator.Thresholds;
using static Mlops.LoadGenerator.Reports.Figures;

namespace Mlops.LoadGenerator.Reports;

public static class MarkdownReport
{
    public static string Render(RunResult result, IReadOnlyList<ThresholdOutcome> thresholds)
    {
        var md = new StringBuilder();
        md.AppendLine("# Load test report").AppendLine();
        md.AppendLine($"- started: {result.StartedAt:yyyy-MM-dd HH:mm:ss} UTC");
        md.AppendLine($"- load duration: {Number(result.LoadDuration.TotalSeconds)} s");
        md.AppendLine($"- target: {result.Target}");
        md.AppendLine($"- simulations: {string.Join("; then ", result.Simulations)}").AppendLine();

        md.AppendLine("## Summary").AppendLine();
        md.AppendLine("| scenario | count | ok | fail | fail % | rps | min ms | mean ms | p50 ms | p75 ms | p95 ms | p99 ms | max ms | dropped | late | bytes sent | bytes received |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in result.Scenarios.Append(result.Total))
        {
            var l = s.Latency;
            md.AppendLine($"| {s.Name} | {Integer(s.Count)} | {Integer(s.Ok)} | {Integer(s.Fail)} | {Number(s.FailPercent)} | {Number(s.Rps)} | {Ms(l.MinUs)} | {Ms(l.MeanUs)} | {Ms(l.P50Us)} | {Ms(l.P75Us)} | {Ms(l.P95Us)} | {Ms(l.P99Us)} | {Ms(l.MaxUs)} | {Integer(s.Dropped)} | {Integer(s.Late)} | {Integer(s.BytesSent)} | {Integer(s.BytesReceived)} |");
        }

        md.AppendLine().AppendLine("## Latency of the answered (status OK)").AppendLine();
        md.AppendLine("| scenario | ok | mean ms | p50 ms | p95 ms | p99 ms | max ms |").AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in result.Scenarios.Append(result.Total))
        {
            var l = s.AnsweredLatency;
            md.AppendLine($"| {s.Name} | {Integer(s.Ok)} | {Ms(l.MeanUs)} | {Ms(l.P50Us)} | {Ms(l.P95Us)} | {Ms(l.P99Us)} | {Ms(l.MaxUs)} |");
        }

        md.AppendLine().AppendLine("## Status codes").AppendLine();
        md.AppendLine("| scenario | status | count |").AppendLine("|---|---|---:|");
        foreach (var s in result.Scenarios)
        {
            foreach (var (status, count) in s.Statuses.OrderByDescending(p => p.Value))
            {
                md.AppendLine($"| {s.Name} | {status} | {Integer(count)} |");
            }
        }

        if (thresholds.Count > 0)
        {
            md.AppendLine().AppendLine("## Thresholds").AppendLine();
            md.AppendLine("| threshold | actual | result |").AppendLine("|---|---:|---|");
            foreach (var t in thresholds)
            {
                md.AppendLine($"| `{t.Threshold.Text}` | {t.ActualText} | {(t.Passed ? "pass" : "FAIL")} |");
            }
        }

        md.AppendLine().AppendLine("Latency is measured from the scheduled send time in open-model phases (coordinated omission corrected) "
            + "and from the actual send time in closed-model phases. The per-second timeline is in timeline.csv and report.html.");
        return md.ToString();
    }
}
