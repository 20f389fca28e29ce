namespace Mlops.Training.Jobs;

public enum RunOutcome
{
    Finished,
    Failed,
    Cancelled,
}

public sealed record RunStart(
    string Experiment, string Name, string ConfigYaml, string DatasetVersion, string GitCommit, IReadOnlyDictionary<string, string> Tags);

public sealed record MetricValue(string Key, double Value, long Step, int Epoch);

public sealed record RunEnd(
    string RunId,
    RunOutcome Outcome,
    IReadOnlyDictionary<string, double> FinalMetrics,
    IReadOnlyList<string>? ClassNames = null,
    int[][]? ConfusionMatrix = null,
    string FailureReason = "");

public sealed record ModelRegistration(
    string ModelName,
    string OnnxSha256,
    string WeightsSha256,
    IReadOnlyList<string> ClassNames,
    IReadOnlyDictionary<string, double> Metrics,
    string RunId,
    string DatasetVersion,
    string ConfigYaml,
    string GitCommit,
    string Description);

/// <summary>Where runs, their metrics and artifacts, and model versions are recorded (the Registry service).</summary>
public interface IRunTracker
{
    /// <summary>Creates a running run and returns its id.</summary>
    Task<string> CreateRunAsync(RunStart start, CancellationToken cancellationToken);

    Task LogMetricsAsync(string runId, IReadOnlyList<MetricValue> points, CancellationToken cancellationToken);

    Task FinishRunAsync(RunEnd end, CancellationToken cancellationToken);

    /// <summary>Stores an artifact of the run and returns its sha256.</summary>
    Task<string> UploadArtifactAsync(string runId, string name, string mediaType, byte[] content, CancellationToken cancellationToken);

    /// <summary>Registers a model version and returns its number.</summary>
    Task<int> RegisterModelVersionAsync(ModelRegistration registration, CancellationToken cancellationToken);
}
