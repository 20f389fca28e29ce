namespace Mlops.Training.Model;

/// <summary>How far a running job has got: its epoch and step, and the latest batch and epoch metrics.</summary>
public sealed class JobProgressSnapshot : IEquatable<JobProgressSnapshot>
{
    public int Epoch { get; set; }

    public int TotalEpochs { get; set; }

    public long Step { get; set; }

    public long TotalSteps { get; set; }

    public Dictionary<string, double> Metrics { get; init; } = new(StringComparer.Ordinal);

    public JobProgressSnapshot Clone() => new()
    {
        Epoch = Epoch,
        TotalEpochs = TotalEpochs,
        Step = Step,
        TotalSteps = TotalSteps,
        Metrics = new Dictionary<string, double>(Metrics, StringComparer.Ordinal),
    };

    public bool Equals(JobProgressSnapshot? other) =>
        other is not null && Epoch == other.Epoch && TotalEpochs == other.TotalEpochs && Step == other.Step && TotalSteps == other.TotalSteps
        && ValueEquality.SameEntries(Metrics, other.Metrics);

    public override bool Equals(object? obj) => Equals(obj as JobProgressSnapshot);

    public override int GetHashCode() => HashCode.Combine(Epoch, Step);
}
