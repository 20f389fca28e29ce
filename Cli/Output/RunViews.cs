using Mlops.Registry.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

public static class RunViews
{
    // The metrics a list shows first; others follow alphabetically up to MaxListedMetrics.
    private static readonly string[] PreferredMetrics = ["test_accuracy", "val_accuracy", "val_loss", "train_loss"];
    private const int MaxListedMetrics = 4;

    public static IRenderable List(ListRunsResponse response)
    {
        if (response.Runs.Count == 0)
        {
            return DatasetViews.Empty("No runs match.");
        }

        var keys = MetricColumns(response.Runs);
        var table = Tables.Create(["id", "experiment", "name", "status", "started", "dataset", .. keys]);
        foreach (var run in response.Runs)
        {
            table.AddCells([run.Id, run.Experiment, run.Name, Status(run.Status), Format.Time(run.StartedAt), Format.ShortId(run.DatasetVersion),
                .. keys.Select(key => run.Metrics.TryGetValue(key, out var value) ? Format.Fixed(value) : "-")]);
        }

        return table.RightAligned([.. Enumerable.Range(6, keys.Count)]);
    }

    public static IRenderable Show(Run run)
    {
        var details = Tables.Details(
            ("id", run.Id), ("experiment", run.Experiment), ("name", run.Name), ("status", Status(run.Status)),
            ("dataset", run.DatasetVersion), ("git commit", run.GitCommit), ("started", Format.Time(run.StartedAt)),
            ("finished", Format.Time(run.FinishedAt)), ("failure", run.FailureReason),
            ("tags", string.Join(", ", run.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))));

        var metrics = Tables.Create("metric", "value");
        foreach (var (key, value) in run.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            metrics.AddCells(key, Format.Fixed(value));
        }

        var artifacts = Tables.Create("artifact", "media type", "size", "sha256");
        foreach (var artifact in run.Artifacts)
        {
            artifacts.AddCells(artifact.Name, artifact.MediaType, Format.Bytes(artifact.SizeBytes), Format.ShortId(artifact.Sha256));
        }

        return Tables.Stack(
            details,
            run.Metrics.Count > 0 ? metrics.RightAligned(1) : null,
            run.Artifacts.Count > 0 ? artifacts.RightAligned(2) : null,
            run.ConfusionMatrix is { ClassNames.Count: > 0 } matrix ? Tables.Titled("confusion matrix (rows: true class)", ConfusionMatrix(matrix)) : null,
            string.IsNullOrWhiteSpace(run.ConfigYaml) ? null : Tables.Titled("config", new Spectre.Console.Text(run.ConfigYaml.TrimEnd())));
    }

    /// <summary>Metric values per run with each run's difference from the first; then the config keys whose values differ.</summary>
    public static IRenderable Compare(RunComparison comparison)
    {
        var ids = comparison.Runs.Select(run => run.Id).ToList();
        var headers = new List<string> { "metric" };
        headers.AddRange(ids);
        headers.AddRange(ids.Skip(1).Select(id => $"Δ {id}"));
        var metrics = Tables.Create([.. headers]);
        foreach (var metric in comparison.Metrics)
        {
            var values = metric.Values.ToList();
            var first = values.Count > 0 ? values[0] : double.NaN;
            metrics.AddCells([metric.Key, .. values.Select(value => Format.Fixed(value)), .. values.Skip(1).Select(value => Format.Signed(value - first))]);
        }

        var config = Tables.Create(["config key", .. ids]);
        foreach (var difference in comparison.ConfigDifferences)
        {
            config.AddCells([difference.Key, .. difference.Values.Select(value => string.IsNullOrEmpty(value) ? "-" : value)]);
        }

        return Tables.Stack(
            metrics.RightAligned([.. Enumerable.Range(1, headers.Count - 1)]),
            comparison.ConfigDifferences.Count > 0 ? config : DatasetViews.Empty("The runs' configs are identical."));
    }

    public static string Status(RunStatus status) => status == RunStatus.Unspecified ? "-" : Format.Words(status);

    private static List<string> MetricColumns(IEnumerable<Run> runs)
    {
        var present = runs.SelectMany(run => run.Metrics.Keys).ToHashSet(StringComparer.Ordinal);
        return PreferredMetrics.Where(present.Contains)
            .Concat(present.Except(PreferredMetrics).Order(StringComparer.Ordinal))
            .Take(MaxListedMetrics)
            .ToList();
    }

    private static IRenderable ConfusionMatrix(ConfusionMatrix matrix)
    {
        var n = matrix.ClassNames.Count;
        var table = Tables.Create(["", .. matrix.ClassNames]);
        for (var row = 0; row < n; row++)
        {
            table.AddCells([matrix.ClassNames[row], .. Enumerable.Range(0, n).Select(column =>
                row * n + column < matrix.Counts.Count ? Format.Integer(matrix.Counts[row * n + column]) : "-")]);
        }

        return table.RightAligned([.. Enumerable.Range(1, n)]);
    }
}
