namespace Mlops.LoadGenerator.Measurement;

/// <summary>Completions in one sampling interval (about a second), by completion time.</summary>
public sealed record TimelineBucket(double StartSecond, double Seconds, long Count, long Fail, double P50Us, double P99Us)
{
    public double Rps => Seconds > 0 ? Count / Seconds : 0;
}
