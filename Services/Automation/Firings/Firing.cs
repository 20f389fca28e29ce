namespace Mlops.Automation.Firings;

/// <summary>One rule acting (or declining to act) on one event, and what came of it.</summary>
public sealed record Firing(
    long Id,
    string Rule,
    string EventKey,
    string Event,
    string Action,
    string Outcome,
    DateTimeOffset FiredAt,
    string Detail = "",
    string JobId = "",
    string ModelName = "",
    int ModelVersion = 0,
    string DatasetVersion = "",
    DateTimeOffset? FinishedAt = null)
{
    public bool IsRunning => Outcome == FiringOutcome.Submitted;
}

/// <summary>The outcomes a firing can have; a firing is <see cref="Started"/> while its action runs.</summary>
public static class FiringOutcome
{
    public const string Started = "started";
    public const string Submitted = "submitted";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Promoted = "promoted";
    public const string Refused = "refused";
    public const string NoNewData = "no_new_data";
    public const string Skipped = "skipped";
    public const string DryRun = "dry_run";
}
