using System.Globalization;
using System.Net;
using System.Text;
using Mlops.Drift.Model;
using Mlops.Drift.References;

namespace Mlops.Drift.Reports;

/// <summary>A drift report as one self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched from elsewhere).</summary>
public static class HtmlReport
{
    private static readonly Histogram Empty = new(0, 0, []);

    public static string Render(WindowReport report)
    {
        var classNames = report.Tests.Where(test => test.Feature.StartsWith("softmax[", StringComparison.Ordinal))
            .Select(test => test.Feature["softmax[".Length..^1]).ToList();
        var window = report.Window;
        var title = $"Drift report: {window.Model.Name}/{window.Model.Version}, window {window.Id}";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");
        html.Append("""
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
            h1{font-size:1.4rem}table{border-collapse:collapse;margin-top:1rem}
            th,td{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:left;vertical-align:middle;font-size:.9rem}
            th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .verdict{font-weight:600;padding:.1rem .4rem;border-radius:.25rem}
            .TEST_VERDICT_DRIFT{background:#fbd5d5;color:#8a1010}.TEST_VERDICT_NO_DRIFT{background:#d7f2da;color:#15602a}
            .TEST_VERDICT_NOT_ENOUGH_DATA,.TEST_VERDICT_UNSPECIFIED{background:#eee;color:#555}
            dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}
            .legend span{display:inline-block;width:.9rem;height:.9rem;margin:0 .3rem 0 1rem;vertical-align:middle;opacity:.55}
            </style></head><body>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Encode(title)}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"summary\"><span class=\"verdict {report.Verdict.ToWire()}\">{Verdict(report.Verdict)}</span> {Encode(report.Summary)}</p>");
        html.Append("<dl>");
        Item(html, "Model", $"{window.Model.Name} version {window.Model.Version}");
        Item(html, "Window", $"{window.Id}: {Sampled(window)}, {Time(window.OpenedAt)} to {Time(window.ClosedAt)}");
        Item(html, "Reference", $"test split of dataset version {report.ReferenceDatasetVersionId}; model accuracy there {report.ReferenceAccuracy:P1}");
        Item(html, "Decision rule", report.Rule);
        Item(html, "Drifted share", $"{report.DriftedShare:P1} of the computed tests (threshold {report.DriftShareThreshold:P0})");
        Item(html, "Correction", $"{report.Correction}, alpha {report.Alpha:0.###}");
        html.Append("</dl>");
        html.Append("<p class=\"legend\">Histograms:<span style=\"background:#3b6fb6\"></span>reference<span style=\"background:#e8772e\"></span>current (each as shares of its own total)</p>");
        html.Append("<table><thead><tr><th>feature</th><th>test</th><th>statistic</th><th>p-value</th><th>adjusted p</th><th>Wasserstein</th><th>PSI</th><th>n reference</th><th>n current</th><th>verdict</th><th>reference vs current</th></tr></thead><tbody>");
        foreach (var test in report.Tests)
        {
            var computed = test.Verdict is DriftVerdict.Drift or DriftVerdict.NoDrift;
            var labels = test.Feature == OutputNames.PredictedClass && classNames.Count > 0 ? classNames : null;
            html.Append("<tr>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Encode(test.Feature)}</td><td>{Encode(test.Test)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Value(computed, test.Statistic)}</td><td class=\"num\">{PValue(computed, test.PValue)}</td><td class=\"num\">{PValue(computed, test.AdjustedPValue)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Value(computed && test.Test == "ks", test.WassersteinDistance)}</td><td class=\"num\">{Value(computed, test.Psi)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{test.ReferenceCount}</td><td class=\"num\">{test.CurrentCount}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><span class=\"verdict {test.Verdict.ToWire()}\" title=\"{Encode(test.Note)}\">{Verdict(test.Verdict)}</span></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{SvgHistogram.Render(test.Reference ?? Empty, test.Current ?? Empty, labels)}</td>");
            html.Append("</tr>");
        }

        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }

    private static void Item(StringBuilder html, string term, string text) =>
        html.Append(CultureInfo.InvariantCulture, $"<dt>{Encode(term)}</dt><dd>{Encode(text)}</dd>");

    private static string Verdict(DriftVerdict verdict) => verdict switch
    {
        DriftVerdict.Drift => "drift",
        DriftVerdict.NoDrift => "no drift",
        DriftVerdict.NotEnoughData => "not enough data",
        _ => "not tested",
    };

    private static string ToWire(this DriftVerdict verdict) => verdict switch
    {
        DriftVerdict.Drift => "TEST_VERDICT_DRIFT",
        DriftVerdict.NoDrift => "TEST_VERDICT_NO_DRIFT",
        DriftVerdict.NotEnoughData => "TEST_VERDICT_NOT_ENOUGH_DATA",
        _ => "TEST_VERDICT_UNSPECIFIED",
    };

    private static string Value(bool shown, double value) => shown ? value.ToString("0.####", CultureInfo.InvariantCulture) : "–";

    private static string PValue(bool shown, double value) => !shown ? "–" : value < 1e-4 ? value.ToString("0.##E+0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Sampled(WindowSummary window) => window.RecordsSeen > window.RecordCount
        ? $"{window.RecordCount} records sampled uniformly of {window.RecordsSeen} seen ({window.RecordsSeen - window.RecordCount} left out)"
        : $"{window.RecordCount} records";

    private static string Time(DateTimeOffset? time) =>
        time is not { } at ? "(open)" : at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
