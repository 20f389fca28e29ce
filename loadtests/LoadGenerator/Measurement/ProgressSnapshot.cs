namespace Mlops.LoadGenerator.Measurement;

/// <summary>One second of a running test, for a progress line.</summary>
public sealed record ProgressSnapshot(double ElapsedSeconds, TimelineBucket LastSecond, long TotalCount, long TotalFail, long Dropped, int InFlight, string Phase);
