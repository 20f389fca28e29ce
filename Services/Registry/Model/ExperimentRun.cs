namespace Mlops.Registry.Model;

/// <summary>Where a run is in its life; the numbers are the stored ones.</summary>
public enum RunState
{
    Unspecified = 0,
    Running = 1,
    Finished = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>One experiment run: what it was given, what it measured, what it produced.</summary>
public sealed record ExperimentRun
{
    public required string Id { get; init; }

    public required string Experiment { get; init; }

    public string Name { get; init; } = "";

    public RunState Status { get; init; }

    public string ConfigYaml { get; init; } = "";

    public string DatasetVersionId { get; init; } = "";

    public string GitCommit { get; init; } = "";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The last value of each metric, and the final metrics given when the run ended.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<ArtifactEntry> Artifacts { get; init; } = [];

    public ConfusionCounts? ConfusionMatrix { get; init; }

    public string FailureReason { get; init; } = "";

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Hidden from listings unless archived runs are asked for.</summary>
    public bool Archived { get; init; }
}

/// <summary>One value of a metric series; a point without a timestamp is stamped when it is logged.</summary>
public sealed record MetricSample(string Key, double Value, long Step = 0, int Epoch = 0, DateTimeOffset? Timestamp = null);

/// <summary>Row-major counts: rows are true classes, columns predicted classes.</summary>
public sealed record ConfusionCounts(IReadOnlyList<string> ClassNames, IReadOnlyList<long> Counts);
