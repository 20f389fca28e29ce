namespace Mlops.Client;

/// <summary>How a <see cref="ConcurrencyLimit"/> starts, how far it moves, and what it takes for congestion.</summary>
public sealed record ConcurrencyLimitOptions
{
    /// <summary>Calls allowed in flight before the first answer has moved the limit.</summary>
    public int InitialLimit { get; init; } = 20;

    public int MinLimit { get; init; } = 1;

    public int MaxLimit { get; init; } = 1000;

    /// <summary>What the limit is multiplied by on each sign of congestion.</summary>
    public double BackoffRatio { get; init; } = 0.9;

    /// <summary>
    /// An answer slower than this counts as congestion, like a refusal: the limit then settles where answers take about
    /// this long, so the wait of an accepted call stays bounded. Null: only refusals count.
    /// </summary>
    public TimeSpan? LatencyTarget { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">Limits out of order, a ratio outside (0, 1), or a target that is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinLimit, 1, nameof(MinLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLimit, MinLimit, nameof(MaxLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialLimit, MinLimit, nameof(InitialLimit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InitialLimit, MaxLimit, nameof(InitialLimit));
        if (BackoffRatio is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BackoffRatio), BackoffRatio, "The backoff ratio is above 0 and below 1.");
        }

        if (LatencyTarget is { } target)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, TimeSpan.Zero, nameof(LatencyTarget));
        }
    }
}
