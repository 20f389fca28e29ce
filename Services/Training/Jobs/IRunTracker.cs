namespace Mlops.Training.Jobs;

public enum RunOutcome
{
    Finished,
    Failed,
    Cancelled,
}

public sealed record RunStart(
    string Experiment, string Name, string ConfigYaml, string DatasetVersionId, string GitCommit, IReadOnlyDictionary<string, string> Tags);

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
    string DatasetVersionId,
    string ConfigYaml,
    string GitCommit,
    string Description);

/// <summary>An artifact attached to a run.</summary>
public sealed record RunArtifact(string Name, string Sha256, string MediaType, long SizeBytes);

/// <summary>Where runs, their metrics and artifacts, and model versions are recorded (the Registry service).</summary>
public interface IRunTracker
{
    /// <summary>Creates a running run and returns its id.</summary>
    Task<string> CreateRunAsync(RunStart start, CancellationToken cancellationToken);

    Task LogMetricsAsync(string runId, IReadOnlyList<MetricValue> points, CancellationToken cancellationToken);

    Task FinishRunAsync(RunEnd end, CancellationToken cancellationToken);

    /// <summary>Stores an artifact of the run and returns its sha256.</summary>
    Task<string> UploadArtifactAsync(string runId, string name, string mediaType, byte[] content, CancellationToken cancellationToken);

    /// <summary>The artifacts attached to a run.</summary>
    Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>An artifact's content, checked against its sha256.</summary>
    /// <exception cref="InvalidDataException">The bytes received do not hash to <paramref name="sha256"/>.</exception>
    Task<byte[]> DownloadArtifactAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Takes an artifact off a run (the Registry collects its blob later).</summary>
    Task RemoveArtifactAsync(string runId, string sha256, CancellationToken cancellationToken);

    /// <summary>The sha256 of a model version's TorchSharp weights (<paramref name="reference"/>: name/version or name@alias).</summary>
    /// <exception cref="ModelVersionNotFoundException">There is no such version, or it has no weights.</exception>
    Task<string> ModelWeightsAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Registers a model version and returns its number.</summary>
    Task<int> RegisterModelVersionAsync(ModelRegistration registration, CancellationToken cancellationToken);
}
