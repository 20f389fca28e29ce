using System.Globalization;
using Mlops.LoadGenerator.Engine;
using Mlops.LoadGenerator.Measurement;
using Mlops.LoadGenerator.Reports;
using Mlops.LoadGenerator.Thresholds;

namespace Mlops.LoadGenerator.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lg-report-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Reports_are_written_and_carry_the_measured_figures()
    {
        var result = await RunMixAsync();
        var outcomes = new[] { Threshold.Parse("p99 < 5s").Evaluate(result), Threshold.Parse("rps > 1000000").Evaluate(result) };

        var files = ReportWriter.Write(result, outcomes, _directory);

        Assert.Equal(["report.md", "summary.csv", "timeline.csv", "report.html"], files.Select(Path.GetFileName));
        var count = result.Total.Count.ToString(CultureInfo.InvariantCulture);
        var p99 = (result.Total.Latency.P99Us / 1000).ToString("0.###", CultureInfo.InvariantCulture);

        var markdown = File.ReadAllText(Path.Combine(_directory, "report.md"));
        Assert.Contains($"| all | {count} |", markdown, StringComparison.Ordinal);
        var answeredP99 = (result.Total.AnsweredLatency.P99Us / 1000).ToString("0.###", CultureInfo.InvariantCulture);
        Assert.Contains($"| all | {result.Total.Ok.ToString(CultureInfo.InvariantCulture)} | ", markdown, StringComparison.Ordinal);
        Assert.Contains($" | {answeredP99} | ", markdown[markdown.IndexOf("## Latency of the answered", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains($"| echo | Unavailable | {result.Scenarios[1].Statuses["Unavailable"]} |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `rps > 1000000` |", markdown, StringComparison.Ordinal);
        Assert.Contains("FAIL", markdown, StringComparison.Ordinal);

        var summary = File.ReadAllLines(Path.Combine(_directory, "summary.csv"));
        Assert.Equal(CsvReport.SummaryHeader, summary[0]);
        var totalRow = summary.Single(l => l.StartsWith("all,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(count, totalRow[1]);
        Assert.Equal(p99, totalRow[11]);
        Assert.Equal(result.Total.BytesReceived.ToString(CultureInfo.InvariantCulture), totalRow[16]);

        var timeline = File.ReadAllLines(Path.Combine(_directory, "timeline.csv"));
        Assert.Equal(CsvReport.TimelineHeader, timeline[0]);
        var totalBuckets = timeline.Skip(1).Where(l => l.StartsWith("all,", StringComparison.Ordinal)).ToArray();
        Assert.Equal(result.Total.Timeline.Count, totalBuckets.Length);
        Assert.Equal(result.Total.Count, totalBuckets.Sum(l => long.Parse(l.Split(',')[3], CultureInfo.InvariantCulture)));

        var html = File.ReadAllText(Path.Combine(_directory, "report.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<path d=\"M", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{count}</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weights_split_the_load_and_bytes_and_statuses_are_counted()
    {
        var result = await RunMixAsync();

        var (sink, echo) = (result.Scenarios[0], result.Scenarios[1]);
        Assert.InRange((double)sink.Count / echo.Count, 2.8, 3.2);
        Assert.Equal(sink.Count + echo.Count, result.Total.Count);
        Assert.Equal(sink.Count * 100, sink.BytesSent);
        Assert.Equal(echo.Count * 10, echo.BytesReceived);
        Assert.Equal(echo.Count, echo.Statuses.Values.Sum());
        Assert.InRange(echo.Statuses["Unavailable"], (echo.Count / 2) - 1, (echo.Count / 2) + 1);
        Assert.Equal(result.Total.Count, result.Total.Timeline.Sum(b => b.Count));
    }

    private static Task<RunResult> RunMixAsync()
    {
        var sink = new Scenario("sink", async (_, ct) =>
        {
            await Task.Delay(1, ct);
            return StepResult.Ok(bytesSent: 100);
        })
        { Weight = 3 };
        var echo = new Scenario("echo", async (context, ct) =>
        {
            await Task.Delay(1, ct);
            return context.InvocationNumber % 2 == 0 ? StepResult.Ok(bytesReceived: 10) : StepResult.Fail("Unavailable", bytesReceived: 10);
        });
        return new LoadRunner([sink, echo], [LoadSimulation.Inject(400, TimeSpan.FromSeconds(1.5))]).RunAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
