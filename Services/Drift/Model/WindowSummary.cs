namespace Mlops.Drift.Model;

/// <summary>One window of a model version's live records, open or closed.</summary>
public sealed record WindowSummary
{
    public required string Id { get; init; }

    public required ModelKey Model { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Records the window's tests use: every record that arrived, or a uniform sample of them.</summary>
    public long RecordCount { get; init; }

    /// <summary>Records that arrived while the window was open, sampled or not.</summary>
    public long RecordsSeen { get; init; }

    public bool Closed { get; init; }

    public bool DriftDetected { get; init; }
}
