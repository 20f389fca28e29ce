using Mlops.Drift.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

public static class DriftViews
{
    public static IRenderable Report(DriftReport report, Uri? htmlPage)
    {
        var window = report.Window ?? new Window();
        var details = Tables.Details(
            ("model", $"{window.ModelName}/{window.ModelVersion}"), ("window", window.Id),
            ("period", $"{Format.Time(window.OpenedAt)} – {Format.Time(window.ClosedAt)}"), ("records", Format.Integer(window.RecordCount)),
            ("reference", report.ReferenceDatasetVersion), ("verdict", Verdict(report.Verdict)),
            ("drifted share", $"{Format.Percent(report.DriftedShare)} (threshold {Format.Percent(report.DriftShareThreshold)})"),
            ("correction", $"{report.Correction}, alpha {Format.Number(report.Alpha)}"), ("summary", report.Summary),
            ("html report", htmlPage?.ToString() ?? ""));

        var tests = Tables.Create("feature", "test", "statistic", "p-value", "adjusted", "verdict");
        foreach (var test in report.Tests)
        {
            var enoughData = test.Verdict != TestVerdict.NotEnoughData;
            tests.AddCells(test.Feature, test.Test,
                enoughData ? Format.Fixed(test.Statistic) : "-",
                enoughData ? Format.PValue(test.PValue) : "-",
                enoughData ? Format.PValue(test.AdjustedPValue) : "-",
                Verdict(test.Verdict));
        }

        return Tables.Stack(details, tests.RightAligned(2, 3, 4));
    }

    public static IRenderable Alerts(ListAlertsResponse response)
    {
        if (response.Alerts.Count == 0)
        {
            return DatasetViews.Empty("No alerts.");
        }

        var table = Tables.Create("id", "model", "raised", "windows", "drifted features", "message", "acknowledged");
        foreach (var alert in response.Alerts)
        {
            table.AddCells(alert.Id, $"{alert.ModelName}/{alert.ModelVersion}", Format.Time(alert.RaisedAt), Format.Integer(alert.ConsecutiveWindows),
                Tables.Join(alert.DriftedFeatures), alert.Message, alert.Acknowledged ? $"by {alert.AcknowledgedBy}" : "no");
        }

        return table.RightAligned(3);
    }

    public static IRenderable Acknowledged(Alert alert) =>
        new Spectre.Console.Text($"Alert {alert.Id} acknowledged by {alert.AcknowledgedBy} at {Format.Time(alert.AcknowledgedAt)}");

    public static IRenderable Windows(ListWindowsResponse response)
    {
        var table = Tables.Create("id", "model", "opened", "closed", "records", "drift");
        foreach (var window in response.Windows)
        {
            table.AddCells(window.Id, $"{window.ModelName}/{window.ModelVersion}", Format.Time(window.OpenedAt),
                window.Closed ? Format.Time(window.ClosedAt) : "open", Format.Integer(window.RecordCount), window.DriftDetected ? "yes" : "no");
        }

        return table.RightAligned(4);
    }

    public static IRenderable Robustness(RobustnessReport report)
    {
        var details = Tables.Details(
            ("model", $"{report.ModelName}/{report.ModelVersion}"), ("samples", Format.Integer(report.Samples)),
            ("baseline accuracy", Format.Fixed(report.BaselineAccuracy)));
        var table = Tables.Create("perturbation", "strength", "accuracy", "Δ accuracy", "drift detected", "drifted share");
        foreach (var result in report.Results)
        {
            table.AddCells(result.Perturbation, Format.Number(result.Strength), Format.Fixed(result.Accuracy),
                Format.Signed(result.Accuracy - report.BaselineAccuracy), result.DriftDetected ? "yes" : "no", Format.Percent(result.DriftedShare));
        }

        return Tables.Stack(details, table.RightAligned(1, 2, 3, 5));
    }

    public static string Verdict(TestVerdict verdict) => verdict switch
    {
        TestVerdict.Drift => "DRIFT",
        TestVerdict.NoDrift => "no drift",
        TestVerdict.NotEnoughData => "not enough data",
        _ => "-",
    };
}
