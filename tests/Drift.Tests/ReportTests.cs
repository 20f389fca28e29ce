using System.Text.Json;
using System.Text.RegularExpressions;
using Mlops.Drift.Configuration;
using Mlops.Drift.Detection;
using Mlops.Drift.Model;
using Mlops.Drift.Reports;

namespace Mlops.Drift.Tests;

public sealed partial class ReportTests
{
    private static WindowReport HandReport()
    {
        var reference = Enumerable.Range(0, 40).Select(i => i / 40.0).ToArray();
        var current = Enumerable.Range(0, 40).Select(i => (i + 10.5) / 40.0).ToArray();
        var report = new WindowAnalyzer(new DetectionOptions()).Analyze(
            HandBuiltWindow.Reference(reference, [30, 50, 20]), HandBuiltWindow.Window(current, [0, 1, 2]));
        return report;
    }

    [Fact]
    public void The_html_page_is_self_contained_and_shows_every_test_with_its_histograms()
    {
        var report = HandReport();

        var html = HtmlReport.Render(report);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalReference(), html);
        var rows = TableRow().Matches(html);
        Assert.Equal(report.Tests.Count, rows.Count);
        foreach (var (test, row) in report.Tests.Zip(rows.Select(match => match.Value)))
        {
            Assert.Contains($"<td>{System.Net.WebUtility.HtmlEncode(test.Feature)}</td>", row);
            Assert.Single(Regex.Matches(row, "<svg "));
            Assert.Contains("<g class=\"reference\"", row);
            Assert.Contains("<g class=\"current\"", row);
            // One bar per bin for each series.
            Assert.Equal(test.Reference!.Counts.Length + test.Current!.Counts.Length, Regex.Matches(row, "<rect ").Count);
        }

        var ks = report.Tests.Single(test => test.Feature == "x");
        Assert.Contains(ks.Statistic.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), html);
        Assert.Contains(report.Rule, html);
        Assert.Contains(report.Summary, html);
    }

    [Fact]
    public void Json_carries_every_result_but_no_numbers_for_a_test_without_enough_data()
    {
        var report = HandReport();
        report.Tests.Add(new FeatureTestResult { Feature = "sparse", Test = "ks", Verdict = DriftVerdict.NotEnoughData, CurrentCount = 3, ReferenceCount = 40 });

        using var json = JsonDocument.Parse(ReportJson.Format(report));

        var tests = json.RootElement.GetProperty("tests").EnumerateArray().ToList();
        var x = tests.Single(test => test.GetProperty("feature").GetString() == "x");
        Assert.Equal(report.Tests.Single(t => t.Feature == "x").PValue, x.GetProperty("pValue").GetDouble(), 15);
        Assert.Contains(x.GetProperty("verdict").GetString(), new[] { "TEST_VERDICT_DRIFT", "TEST_VERDICT_NO_DRIFT" });
        var sparse = tests.Single(test => test.GetProperty("feature").GetString() == "sparse");
        Assert.Equal("TEST_VERDICT_NOT_ENOUGH_DATA", sparse.GetProperty("verdict").GetString());
        Assert.False(sparse.TryGetProperty("pValue", out _));
        Assert.False(sparse.TryGetProperty("statistic", out _));
        Assert.Equal("3", sparse.GetProperty("currentCount").GetString());
        Assert.Equal(report.Window.Id, json.RootElement.GetProperty("window").GetProperty("id").GetString());
    }

    [GeneratedRegex("""(src|href)\s*=\s*["']?(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<tr><td>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();
}
