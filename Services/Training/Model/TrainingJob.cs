namespace Mlops.Training.Model;

/// <summary>
/// A training job: its resolved config, where it runs and how far it got, and what it produced (run, model version,
/// final metrics) or why it failed. Two jobs are equal when they hold the same values.
/// </summary>
public sealed class TrainingJob : IEquatable<TrainingJob>
{
    public string Id { get; set; } = "";

    public JobStatus State { get; set; }

    public string ResolvedConfigYaml { get; set; } = "";

    /// <summary>sha256 of <see cref="ResolvedConfigYaml"/>.</summary>
    public string ConfigHash { get; set; } = "";

    public string DatasetVersionId { get; set; } = "";

    public string RunId { get; set; } = "";

    public string ModelName { get; set; } = "";

    public int ModelVersion { get; set; }

    public string Error { get; set; } = "";

    public int Attempts { get; set; }

    public string Worker { get; set; } = "";

    /// <summary>Empty unless the job is a sweep's trial.</summary>
    public string SweepId { get; set; } = "";

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public JobProgressSnapshot? Progress { get; set; }

    /// <summary>Final metrics of a finished job (test_accuracy, test_loss, best_epoch, ...).</summary>
    public Dictionary<string, double> Metrics { get; init; } = new(StringComparer.Ordinal);

    /// <summary>A sweep trial's parameter values (key=value overrides on the sweep's config).</summary>
    public Dictionary<string, string> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Set while the job runs when someone cancels it; the worker running it stops at its next step.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>The checkpoint the job starts from (resolved at submission); empty for a fresh start.</summary>
    public string ResumeRunId { get; set; } = "";

    public int ResumeEpoch { get; set; }

    public string ResumeCheckpointSha256 { get; set; } = "";

    public TrainingJob Clone() => new()
    {
        Id = Id,
        State = State,
        ResolvedConfigYaml = ResolvedConfigYaml,
        ConfigHash = ConfigHash,
        DatasetVersionId = DatasetVersionId,
        RunId = RunId,
        ModelName = ModelName,
        ModelVersion = ModelVersion,
        Error = Error,
        Attempts = Attempts,
        Worker = Worker,
        SweepId = SweepId,
        CreatedAt = CreatedAt,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        Progress = Progress?.Clone(),
        Metrics = new Dictionary<string, double>(Metrics, StringComparer.Ordinal),
        Parameters = new Dictionary<string, string>(Parameters, StringComparer.Ordinal),
        CancelRequested = CancelRequested,
        ResumeRunId = ResumeRunId,
        ResumeEpoch = ResumeEpoch,
        ResumeCheckpointSha256 = ResumeCheckpointSha256,
    };

    public bool Equals(TrainingJob? other) =>
        other is not null
        && Id == other.Id && State == other.State && ResolvedConfigYaml == other.ResolvedConfigYaml && ConfigHash == other.ConfigHash
        && DatasetVersionId == other.DatasetVersionId && RunId == other.RunId && ModelName == other.ModelName
        && ModelVersion == other.ModelVersion && Error == other.Error && Attempts == other.Attempts && Worker == other.Worker
        && SweepId == other.SweepId && CreatedAt == other.CreatedAt && StartedAt == other.StartedAt && FinishedAt == other.FinishedAt
        && Equals(Progress, other.Progress)
        && ValueEquality.SameEntries(Metrics, other.Metrics) && ValueEquality.SameEntries(Parameters, other.Parameters)
        && CancelRequested == other.CancelRequested && ResumeRunId == other.ResumeRunId && ResumeEpoch == other.ResumeEpoch
        && ResumeCheckpointSha256 == other.ResumeCheckpointSha256;

    public override bool Equals(object? obj) => Equals(obj as TrainingJob);

    public override int GetHashCode() => HashCode.Combine(Id, State);
}
