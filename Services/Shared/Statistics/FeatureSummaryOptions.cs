namespace Mlops.Statistics;

/// <summary>
/// What a <see cref="FeatureSummaryBuilder"/> keeps. The histogram range must be known before the pass (e.g.
/// [0, 1] for normalised pixels); values outside it are counted as underflow or overflow.
/// </summary>
public sealed record FeatureSummaryOptions(double HistogramMin, double HistogramMax)
{
    /// <summary>Number of equal-width histogram bins.</summary>
    public int HistogramBins { get; init; } = 20;

    /// <summary>How many raw values the reservoir keeps for later two-sample tests.</summary>
    public int ReservoirCapacity { get; init; } = 5000;

    /// <summary>Seed of the reservoir's sampling; the same seed and data give the same reservoir.</summary>
    public ulong ReservoirSeed { get; init; } = 1;
}
