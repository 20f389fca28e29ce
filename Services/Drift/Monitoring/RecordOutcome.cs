namespace Mlops.Drift.Monitoring;

/// <summary>What became of a batch of records; <see cref="UnknownModel"/> counts rejections for a model version that is not registered.</summary>
public sealed record RecordOutcome(int Accepted, int Rejected, IReadOnlyList<string> Reasons, int UnknownModel);
