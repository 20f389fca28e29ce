namespace Mlops.Client;

/// <summary>How eagerly an <see cref="AdaptiveThrottle"/> turns requests away once the service refuses some.</summary>
public sealed record AdaptiveThrottleOptions
{
    /// <summary>
    /// K: once the service refuses, the client keeps sending K requests for each one it accepted and turns the rest
    /// away itself. 1.1 rather than the SRE book's 2 because a refusal costs Inference 0.82 of an answer
    /// (docs/benchmarks/serving.md): the service then spends at most (K − 1) · 0.82 ≈ 8 % of its CPU refusing.
    /// </summary>
    public double AcceptsMultiplier { get; init; } = 1.1;

    /// <summary>How far back the counts reach; older requests are forgotten a bucket at a time.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    public int Buckets { get; init; } = 10;

    /// <exception cref="ArgumentOutOfRangeException">K below 1, a window that is not positive, or fewer than one bucket.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(AcceptsMultiplier, 1.0, nameof(AcceptsMultiplier));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfLessThan(Buckets, 1, nameof(Buckets));
    }
}
