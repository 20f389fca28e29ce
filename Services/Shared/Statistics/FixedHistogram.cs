using System.Collections.Immutable;

namespace Mlops.Statistics;

/// <summary>
/// Equal-width bins over [min, max] (numpy.histogram's convention: every bin is half-open [left, right) except
/// the last, which also holds max). Values below min or above max are counted as underflow and overflow so
/// no observation disappears silently. NaN is rejected.
/// </summary>
public sealed class FixedHistogram
{
    private readonly long[] _counts;

    /// <summary>Creates an empty histogram.</summary>
    public FixedHistogram(double min, double max, int binCount)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
        {
            throw new ArgumentException($"The range must be finite with max > min; got [{min}, {max}].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        Min = min;
        Max = max;
        _counts = new long[binCount];
    }

    /// <summary>Lower edge of the first bin.</summary>
    public double Min { get; }

    /// <summary>Upper edge of the last bin.</summary>
    public double Max { get; }

    /// <summary>Number of bins.</summary>
    public int BinCount => _counts.Length;

    /// <summary>Count per bin.</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Values below <see cref="Min"/>.</summary>
    public long Underflow { get; private set; }

    /// <summary>Values above <see cref="Max"/>.</summary>
    public long Overflow { get; private set; }

    /// <summary>Every value added, in range or not.</summary>
    public long TotalCount => Underflow + Overflow + _counts.Sum();

    /// <summary>The left edge of bin <paramref name="index"/>; index = BinCount gives <see cref="Max"/>.</summary>
    public double Edge(int index) =>
        index == _counts.Length ? Max : Min + (Max - Min) * index / _counts.Length;

    /// <summary>Counts one value.</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN cannot be binned; count missing values separately.", nameof(value));
        }

        if (value < Min)
        {
            Underflow++;
        }
        else if (value > Max)
        {
            Overflow++;
        }
        else
        {
            _counts[BinIndex(value)]++;
        }
    }

    /// <summary>Adds the counts of a histogram with identical edges (e.g. built on another partition of the data).</summary>
    public void Merge(FixedHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Min != Min || other.Max != Max || other.BinCount != BinCount)
        {
            throw new ArgumentException(
                $"Only histograms with the same edges merge: [{Min}, {Max}] x {BinCount} and [{other.Min}, {other.Max}] x {other.BinCount}.",
                nameof(other));
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Underflow += other.Underflow;
        Overflow += other.Overflow;
    }

    /// <summary>An immutable copy of the current counts.</summary>
    public HistogramSnapshot ToSnapshot() =>
        new(Min, Max, ImmutableArray.Create(_counts), Underflow, Overflow);

    // The arithmetic guess can be one bin off next to an edge; the edges themselves decide.
    private int BinIndex(double value)
    {
        var index = (int)Math.Min((value - Min) / (Max - Min) * _counts.Length, _counts.Length - 1);
        if (index > 0 && value < Edge(index))
        {
            index--;
        }
        else if (index < _counts.Length - 1 && value >= Edge(index + 1))
        {
            index++;
        }

        return index;
    }
}
