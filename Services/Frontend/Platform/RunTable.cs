using Mlops.Registry.V1;

namespace Mlops.Frontend.Platform;

/// <summary>The Runs page's table: filtered by text across experiment, status, dataset and name, sorted by a column or a metric.</summary>
public static class RunTable
{
    public const string Started = "started";
    public const string Experiment = "experiment";
    public const string Status = "status";
    public const string Dataset = "dataset";

    public static IReadOnlyList<Run> Arrange(IEnumerable<Run> runs, string filter, string sortBy, bool descending)
    {
        var matching = string.IsNullOrWhiteSpace(filter) ? runs : runs.Where(run => Matches(run, filter.Trim()));
        Func<Run, IComparable> key = sortBy switch
        {
            Experiment => run => run.Experiment,
            Status => run => run.Status,
            Dataset => run => run.DatasetVersion,
            Started => run => run.StartedAt?.ToDateTime() ?? DateTime.MinValue,
            var metric => run => run.Metrics.TryGetValue(metric, out var value) ? value : double.NegativeInfinity,
        };
        return (descending ? matching.OrderByDescending(key) : matching.OrderBy(key)).ToList();
    }

    /// <summary>The metrics worth a column: those most runs have, accuracy and loss first.</summary>
    public static IReadOnlyList<string> MetricColumns(IEnumerable<Run> runs, int count) =>
        runs.SelectMany(run => run.Metrics.Keys)
            .GroupBy(key => key)
            .OrderByDescending(group => group.Key.Contains("accuracy", StringComparison.Ordinal))
            .ThenByDescending(group => group.Key.Contains("loss", StringComparison.Ordinal))
            .ThenByDescending(group => group.Count())
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(group => group.Key)
            .ToList();

    private static bool Matches(Run run, string filter) =>
        new[] { run.Experiment, run.Name, run.Id, run.DatasetVersion, Display.Status(run.Status) }
            .Any(text => text.Contains(filter, StringComparison.OrdinalIgnoreCase));
}
