using System.Text;
using Mlops.LoadGenerator.Measurement;
using static Mlops.LoadGenerator.Reports.Figures;

namespace Mlops.LoadGenerator.Reports;

public static class CsvReport
{
    public const string SummaryHeader =
        "scenario,count,ok,fail,fail_percent,rps,min_ms,mean_ms,p50_ms,p75_ms,p95_ms,p99_ms,max_ms,dropped,late,bytes_sent,bytes_received";

    public const string TimelineHeader = "scenario,start_s,seconds,count,rps,errors,p50_ms,p99_ms";

    public static string RenderSummary(RunResult result)
    {
        var csv = new StringBuilder().AppendLine(SummaryHeader);
        foreach (var s in result.Scenarios.Append(result.Total))
        {
            var l = s.Latency;
            csv.AppendLine(string.Join(',',
                Quote(s.Name), Integer(s.Count), Integer(s.Ok), Integer(s.Fail), Number(s.FailPercent), Number(s.Rps),
                Ms(l.MinUs), Ms(l.MeanUs), Ms(l.P50Us), Ms(l.P75Us), Ms(l.P95Us), Ms(l.P99Us), Ms(l.MaxUs),
                Integer(s.Dropped), Integer(s.Late), Integer(s.BytesSent), Integer(s.BytesReceived)));
        }

        return csv.ToString();
    }

    public static string RenderTimeline(RunResult result)
    {
        var csv = new StringBuilder().AppendLine(TimelineHeader);
        foreach (var s in result.Scenarios.Append(result.Total))
        {
            foreach (var b in s.Timeline)
            {
                csv.AppendLine(string.Join(',',
                    Quote(s.Name), Number(b.StartSecond), Number(b.Seconds), Integer(b.Count), Number(b.Rps), Integer(b.Fail), Ms(b.P50Us), Ms(b.P99Us)));
            }
        }

        return csv.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
