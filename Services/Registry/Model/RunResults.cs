namespace Mlops.Registry.Model;

/// <summary>Runs side by side: each metric's value per run (NaN where a run lacks it) and the config keys that differ.</summary>
public sealed record RunsCompared(IReadOnlyList<ExperimentRun> Runs, IReadOnlyList<MetricRow> Metrics, IReadOnlyList<ConfigRow> ConfigDifferences);

/// <summary>One metric, one value per compared run in their order.</summary>
public sealed record MetricRow(string Key, IReadOnlyList<double> Values);

/// <summary>One config key, one value per compared run in their order ("" where a run lacks it).</summary>
public sealed record ConfigRow(string Key, IReadOnlyList<string> Values);

/// <summary>A deleted run and the number of metric points deleted with it.</summary>
public sealed record RunDeletion(string RunId, long DeletedPoints);

/// <summary>The runs and model versions ("name/version") that name a dataset version.</summary>
public sealed record DatasetUsageReport(
    string DatasetVersionId,
    IReadOnlyList<string> RunIds,
    IReadOnlyList<string> ModelVersions,
    IReadOnlyList<string> ActiveModelVersions,
    IReadOnlyList<string> AliasedModelVersions);
