namespace Mlops.Statistics;

/// <summary>
/// Accumulates a <see cref="FeatureSummary"/> in one pass over a feature's values. NaN counts as missing;
/// ±∞ is rejected because it would make the mean and variance meaningless.
/// </summary>
public sealed class FeatureSummaryBuilder
{
    private readonly FixedHistogram _histogram;
    private readonly ReservoirSample _reservoir;
    private RunningMoments _moments;
    private long _missing;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Creates a builder for one feature.</summary>
    public FeatureSummaryBuilder(FeatureSummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _histogram = new FixedHistogram(options.HistogramMin, options.HistogramMax, options.HistogramBins);
        _reservoir = new ReservoirSample(options.ReservoirCapacity, options.ReservoirSeed);
    }

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            _missing++;
            return;
        }

        if (double.IsInfinity(value))
        {
            throw new ArgumentException("Infinite values cannot be summarised; clip or drop them first.", nameof(value));
        }

        _moments.Add(value);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _histogram.Add(value);
        _reservoir.Add(value);
    }

    /// <summary>Adds every value of <paramref name="values"/>.</summary>
    public void AddRange(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            Add(value);
        }
    }

    /// <summary>The summary of everything added so far.</summary>
    public FeatureSummary Build()
    {
        var empty = _moments.Count == 0;
        return new FeatureSummary
        {
            Count = _moments.Count,
            MissingCount = _missing,
            Mean = empty ? double.NaN : _moments.Mean,
            Variance = _moments.SampleVariance,
            Min = empty ? double.NaN : _min,
            Max = empty ? double.NaN : _max,
            Histogram = _histogram.ToSnapshot(),
            Reservoir = _reservoir.ToImmutableArray(),
        };
    }
}
