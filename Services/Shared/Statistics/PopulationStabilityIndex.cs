namespace Mlops.Statistics;

/// <summary>
/// Population stability index between two binned distributions:
/// PSI = Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ), with aᵢ and eᵢ the bin proportions of the actual and expected counts.
/// Common reading: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 significant shift.
/// </summary>
public static class PopulationStabilityIndex
{
    /// <summary>The default floor for empty bins.</summary>
    public const double DefaultEpsilon = 1e-4;

    /// <summary>
    /// Computes the PSI. A bin proportion below <paramref name="epsilon"/> (an empty bin) is raised to
    /// <paramref name="epsilon"/> so the logarithm stays finite; the other proportions are not renormalised.
    /// </summary>
    public static double Compute(
        ReadOnlySpan<double> expectedCounts, ReadOnlySpan<double> actualCounts, double epsilon = DefaultEpsilon)
    {
        if (expectedCounts.Length != actualCounts.Length)
        {
            throw new ArgumentException(
                $"The count vectors have different lengths ({expectedCounts.Length} and {actualCounts.Length}).",
                nameof(actualCounts));
        }

        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must lie in (0, 1).");
        }

        var expectedTotal = Total(expectedCounts, nameof(expectedCounts));
        var actualTotal = Total(actualCounts, nameof(actualCounts));
        var psi = 0.0;
        for (var i = 0; i < expectedCounts.Length; i++)
        {
            var expected = Math.Max(expectedCounts[i] / expectedTotal, epsilon);
            var actual = Math.Max(actualCounts[i] / actualTotal, epsilon);
            psi += (actual - expected) * Math.Log(actual / expected);
        }

        return psi;
    }

    /// <summary>Computes the PSI from integer counts (e.g. histogram bins).</summary>
    public static double Compute(
        ReadOnlySpan<long> expectedCounts, ReadOnlySpan<long> actualCounts, double epsilon = DefaultEpsilon)
    {
        var expected = new double[expectedCounts.Length];
        var actual = new double[actualCounts.Length];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = expectedCounts[i];
        }

        for (var i = 0; i < actual.Length; i++)
        {
            actual[i] = actualCounts[i];
        }

        return Compute(expected, actual, epsilon);
    }

    private static double Total(ReadOnlySpan<double> counts, string name)
    {
        var total = 0.0;
        foreach (var count in counts)
        {
            if (!(count >= 0) || double.IsInfinity(count))
            {
                throw new ArgumentException("Counts must be finite and non-negative.", name);
            }

            total += count;
        }

        if (!(total > 0))
        {
            throw new ArgumentException("Counts must not all be zero.", name);
        }

        return total;
    }
}
