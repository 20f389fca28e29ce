namespace Mlops.Statistics;

/// <summary>
/// Sample quantiles by linear interpolation between order statistics: Hyndman and Fan's type 7, the default of
/// numpy.quantile and R's quantile. For sorted x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)·p, Q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
/// </summary>
public static class SampleQuantiles
{
    /// <summary>The quantile at probability <paramref name="p"/> of values already sorted ascending.</summary>
    public static double FromSorted(ReadOnlySpan<double> sortedValues, double p)
    {
        if (sortedValues.IsEmpty)
        {
            throw new ArgumentException("Quantiles need at least one value.", nameof(sortedValues));
        }

        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must lie in [0, 1].");
        }

        var h = (sortedValues.Length - 1) * p;
        var lower = (int)Math.Floor(h);
        if (lower >= sortedValues.Length - 1)
        {
            return sortedValues[^1];
        }

        var fraction = h - lower;
        var low = sortedValues[lower];
        var high = sortedValues[lower + 1];
        // Interpolating from the nearer end keeps Q(p) inside [low, high] despite rounding (as numpy does).
        return fraction < 0.5 ? low + (high - low) * fraction : high - (high - low) * (1 - fraction);
    }

    /// <summary>Quantiles of unsorted values at each probability (values are copied and sorted once; NaN is rejected).</summary>
    public static double[] Compute(ReadOnlySpan<double> values, ReadOnlySpan<double> probabilities)
    {
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentException("Values contain NaN; remove missing values first.", nameof(values));
            }
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var result = new double[probabilities.Length];
        for (var i = 0; i < probabilities.Length; i++)
        {
            result[i] = FromSorted(sorted, probabilities[i]);
        }

        return result;
    }
}
