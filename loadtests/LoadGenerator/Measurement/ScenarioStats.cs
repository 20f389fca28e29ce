namespace Mlops.LoadGenerator.Measurement;

/// <summary>
/// Everything measured for one scenario (or all of them together) over a run. <see cref="Latency"/> covers every
/// request; <see cref="AnsweredLatency"/> only those that succeeded, which is what a caller that got an answer waited.
/// </summary>
public sealed record ScenarioStats(
    string Name,
    long Count,
    long Ok,
    long Fail,
    long Dropped,
    long Late,
    double Rps,
    LatencySummary Latency,
    LatencySummary AnsweredLatency,
    IReadOnlyDictionary<string, long> Statuses,
    long BytesSent,
    long BytesReceived,
    IReadOnlyList<TimelineBucket> Timeline)
{
    public double FailPercent => Count == 0 ? 0 : 100.0 * Fail / Count;

    /// <summary>Dropped as a share of everything that was due (sent plus dropped).</summary>
    public double DroppedPercent => Count + Dropped == 0 ? 0 : 100.0 * Dropped / (Count + Dropped);
}
