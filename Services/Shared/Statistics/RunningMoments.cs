namespace Mlops.Statistics;

/// <summary>
/// Count, mean and variance accumulated in one pass with Welford's update, which stays accurate when the mean
/// is large relative to the spread (the naive Σx² − (Σx)²/n loses every digit there). Partial results merge
/// with Chan et al.'s pairwise formula.
/// </summary>
public struct RunningMoments
{
    private double _sumOfSquaredDeviations;

    /// <summary>Number of values.</summary>
    public long Count { get; private set; }

    /// <summary>Arithmetic mean (0 when empty).</summary>
    public double Mean { get; private set; }

    /// <summary>Sample variance with n − 1 in the denominator (NaN below two values).</summary>
    public readonly double SampleVariance => Count < 2 ? double.NaN : _sumOfSquaredDeviations / (Count - 1);

    /// <summary>Population variance with n in the denominator (NaN when empty).</summary>
    public readonly double PopulationVariance => Count < 1 ? double.NaN : _sumOfSquaredDeviations / Count;

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        _sumOfSquaredDeviations += delta * (value - Mean);
    }

    /// <summary>Adds the values summarised by <paramref name="other"/>.</summary>
    public void Merge(RunningMoments other)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            this = other;
            return;
        }

        double total = Count + other.Count;
        var delta = other.Mean - Mean;
        _sumOfSquaredDeviations += other._sumOfSquaredDeviations + delta * delta * Count * other.Count / total;
        Mean += delta * other.Count / total;
        Count += other.Count;
    }
}
