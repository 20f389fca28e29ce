using System.Net;
using System.Text;
using Mlops.LoadGenerator.Measurement;
using Mlops.LoadGenerator.Thresholds;
using static Mlops.LoadGenerator.Reports.Figures;

namespace Mlops.LoadGenerator.Reports;

/// <summary>One self-contained page: summary tables and latency/throughput over time as inline SVG.</summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:24px;color:#222}
        table{border-collapse:collapse;margin:8px 0 24px}
        th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}
        .pass{color:#176f2c}.fail{color:#b00020;font-weight:bold}
        """;

    public static string Render(RunResult result, IReadOnlyList<ThresholdOutcome> thresholds)
    {
        var timeline = result.Total.Timeline;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load test report</title><style>")
            .Append(Style).Append("</style></head><body>");
        html.Append("<h1>Load test report</h1><p>")
            .Append(Encode($"Started {result.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, load for {Number(result.LoadDuration.TotalSeconds)} s against {result.Target}. "))
            .Append(Encode("Simulations: " + string.Join("; then ", result.Simulations) + "."))
            .Append("</p>");

        html.Append("<h2>Summary</h2><table><tr><th>scenario</th><th>count</th><th>ok</th><th>fail</th><th>fail %</th><th>rps</th><th>min ms</th><th>mean ms</th><th>p50 ms</th><th>p75 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>dropped</th><th>late</th><th>bytes sent</th><th>bytes received</th></tr>");
        foreach (var s in result.Scenarios.Append(result.Total))
        {
            var l = s.Latency;
            Row(html, s.Name, Integer(s.Count), Integer(s.Ok), Integer(s.Fail), Number(s.FailPercent), Number(s.Rps), Ms(l.MinUs), Ms(l.MeanUs),
                Ms(l.P50Us), Ms(l.P75Us), Ms(l.P95Us), Ms(l.P99Us), Ms(l.MaxUs), Integer(s.Dropped), Integer(s.Late), Integer(s.BytesSent), Integer(s.BytesReceived));
        }

        html.Append("</table>");
        if (thresholds.Count > 0)
        {
            html.Append("<h2>Thresholds</h2><table><tr><th>threshold</th><th>actual</th><th>result</th></tr>");
            foreach (var t in thresholds)
            {
                html.Append("<tr><td>").Append(Encode(t.Threshold.Text)).Append("</td><td>").Append(Encode(t.ActualText))
                    .Append(t.Passed ? "</td><td class=\"pass\">pass</td></tr>" : "</td><td class=\"fail\">FAIL</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h2>Over time</h2>");
        html.Append(SvgLineChart.Render("Latency over time", "seconds", "ms", [
            new ChartSeries("p50", "#1f77b4", timeline.Select(b => (b.StartSecond + b.Seconds, b.P50Us / 1000)).ToArray()),
            new ChartSeries("p99", "#d62728", timeline.Select(b => (b.StartSecond + b.Seconds, b.P99Us / 1000)).ToArray()),
        ]));
        html.Append(SvgLineChart.Render("Throughput and errors", "seconds", "per second", [
            new ChartSeries("rps", "#2ca02c", timeline.Select(b => (b.StartSecond + b.Seconds, b.Rps)).ToArray()),
            new ChartSeries("errors/s", "#ff7f0e", timeline.Select(b => (b.StartSecond + b.Seconds, b.Seconds > 0 ? b.Fail / b.Seconds : 0)).ToArray()),
        ]));

        html.Append("<h2>Status codes</h2><table><tr><th>scenario</th><th>status</th><th>count</th></tr>");
        foreach (var s in result.Scenarios)
        {
            foreach (var (status, count) in s.Statuses.OrderByDescending(p => p.Value))
            {
                Row(html, s.Name, status, Integer(count));
            }
        }

        html.Append("</table><h2>Timeline (all scenarios)</h2><table><tr><th>second</th><th>count</th><th>rps</th><th>errors</th><th>p50 ms</th><th>p99 ms</th></tr>");
        foreach (var b in timeline)
        {
            Row(html, Number(b.StartSecond + b.Seconds), Integer(b.Count), Number(b.Rps), Integer(b.Fail), Ms(b.P50Us), Ms(b.P99Us));
        }

        return html.Append("</table></body></html>").ToString();
    }

    private static void Row(StringBuilder html, params string[] cells)
    {
        html.Append("<tr>");
        foreach (var cell in cells)
        {
            html.Append("<td>").Append(Encode(cell)).Append("</td>");
        }

        html.Append("</tr>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
