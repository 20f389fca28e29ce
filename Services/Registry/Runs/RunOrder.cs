using Mlops.Registry.Model;

namespace Mlops.Registry.Runs;

/// <summary>
/// The order of a run listing, written like <c>metrics.test_accuracy desc</c>, <c>started_at</c> or <c>name asc</c>;
/// runs without the metric come last either way.
/// </summary>
public sealed record RunOrder(string Field, bool Descending)
{
    public static readonly RunOrder Default = new("started_at", Descending: true);

    private const string MetricPrefix = "metrics.";

    public static RunOrder Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
        var known = parts[0] is "started_at" or "finished_at" or "name" || (parts[0].StartsWith(MetricPrefix, StringComparison.Ordinal) && parts[0].Length > MetricPrefix.Length);
        if (parts.Length > 2 || !known || direction is not ("asc" or "desc"))
        {
            throw RegistryException.InvalidArgument(
                $"order_by '{text}' is not understood: use 'started_at', 'finished_at', 'name' or 'metrics.<key>', optionally followed by 'asc' or 'desc'.");
        }

        return new RunOrder(parts[0], direction == "desc");
    }

    public IEnumerable<ExperimentRun> Apply(IEnumerable<ExperimentRun> runs)
    {
        if (Field.StartsWith(MetricPrefix, StringComparison.Ordinal))
        {
            var key = Field[MetricPrefix.Length..];
            var withMetric = runs.Where(run => run.Metrics.ContainsKey(key)).ToList();
            var ordered = Descending
                ? withMetric.OrderByDescending(run => run.Metrics[key])
                : withMetric.OrderBy(run => run.Metrics[key]);
            return ordered.Concat(runs.Where(run => !run.Metrics.ContainsKey(key)));
        }

        Func<ExperimentRun, string> sortKey = Field switch
        {
            "name" => run => run.Name,
            "finished_at" => run => run.FinishedAt is { } finished ? Sortable(finished) : "",
            _ => run => Sortable(run.StartedAt),
        };
        return Descending ? runs.OrderByDescending(sortKey, StringComparer.Ordinal) : runs.OrderBy(sortKey, StringComparer.Ordinal);
    }

    private static string Sortable(DateTimeOffset time) => time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
