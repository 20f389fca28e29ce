namespace Mlops.Registry.Model;

/// <summary>What a new run starts with.</summary>
public sealed record NewRun
{
    public required string Experiment { get; init; }

    public string Name { get; init; } = "";

    public string ConfigYaml { get; init; } = "";

    public string DatasetVersionId { get; init; } = "";

    public string GitCommit { get; init; } = "";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>How a run ended, with its final metrics.</summary>
public sealed record RunEnding
{
    public required string RunId { get; init; }

    public RunState Status { get; init; }

    public IReadOnlyDictionary<string, double> FinalMetrics { get; init; } = new Dictionary<string, double>();

    public ConfusionCounts? ConfusionMatrix { get; init; }

    public string FailureReason { get; init; } = "";
}

/// <summary>Which runs to list and in what order; empty texts and an unspecified status select everything.</summary>
public sealed record RunQuery
{
    public string Experiment { get; init; } = "";

    public RunState Status { get; init; }

    public string DatasetVersionId { get; init; } = "";

    /// <summary>e.g. "test_accuracy&gt;0.9"; several are combined with AND.</summary>
    public IReadOnlyList<string> MetricFilters { get; init; } = [];

    /// <summary>e.g. "metrics.test_accuracy desc"; empty for newest first.</summary>
    public string OrderBy { get; init; } = "";

    /// <summary>0 for the default page size.</summary>
    public int PageSize { get; init; }

    public string PageToken { get; init; } = "";

    public bool IncludeArchived { get; init; }
}
