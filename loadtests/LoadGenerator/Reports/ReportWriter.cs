using Mlops.LoadGenerator.Measurement;
using Mlops.LoadGenerator.Thresholds;

namespace Mlops.LoadGenerator.Reports;

/// <summary>Writes report.md, summary.csv, timeline.csv and report.html into one folder.</summary>
public static class ReportWriter
{
    public static IReadOnlyList<string> Write(RunResult result, IReadOnlyList<ThresholdOutcome> thresholds, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new (string Name, string Content)[]
        {
            ("report.md", MarkdownReport.Render(result, thresholds)),
            ("summary.csv", CsvReport.RenderSummary(result)),
            ("timeline.csv", CsvReport.RenderTimeline(result)),
            ("report.html", HtmlReport.Render(result, thresholds)),
        };
        var paths = new List<string>();
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, content);
            paths.Add(path);
        }

        return paths;
    }
}
