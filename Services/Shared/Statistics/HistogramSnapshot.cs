using System.Collections.Immutable;

namespace Mlops.Statistics;

/// <summary>An immutable copy of a <see cref="FixedHistogram"/>.</summary>
public sealed record HistogramSnapshot(
    double Min,
    double Max,
    ImmutableArray<long> Counts,
    long Underflow,
    long Overflow)
{
    /// <summary>Width of every bin.</summary>
    public double BinWidth => (Max - Min) / Counts.Length;

    /// <summary>Values counted inside [Min, Max].</summary>
    public long InRangeCount => Counts.Sum();
}
