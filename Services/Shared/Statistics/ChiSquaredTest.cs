namespace Mlops.Statistics;

/// <summary>
/// Pearson chi-squared tests on category counts (no continuity correction: scipy's chisquare, and
/// chi2_contingency with correction=False).
/// <para>
/// Zero-expected categories: a category that cannot receive counts under the null (expected proportion 0 in
/// goodness of fit, or empty in both vectors for homogeneity) is left out and does not count towards the degrees
/// of freedom. A count in a category whose expected proportion is 0 is impossible under the null: the statistic
/// is +∞ and the p-value 0. When a single category remains, both distributions put all their mass there:
/// statistic 0, 0 degrees of freedom, p-value 1.
/// </para>
/// </summary>
public static class ChiSquaredTest
{
    /// <summary>
    /// Goodness of fit of <paramref name="observedCounts"/> to <paramref name="expectedProportions"/>
    /// (non-negative weights, normalised to sum to 1).
    /// </summary>
    public static ChiSquaredResult GoodnessOfFit(
        ReadOnlySpan<long> observedCounts, ReadOnlySpan<double> expectedProportions, ChiSquaredOptions? options = null)
    {
        options ??= ChiSquaredOptions.Default;
        if (observedCounts.Length != expectedProportions.Length)
        {
            throw new ArgumentException(
                $"There are {observedCounts.Length} observed counts but {expectedProportions.Length} expected proportions.",
                nameof(expectedProportions));
        }

        var total = SumCounts(observedCounts, nameof(observedCounts));
        var proportionSum = 0.0;
        foreach (var proportion in expectedProportions)
        {
            if (!(proportion >= 0) || double.IsInfinity(proportion))
            {
                throw new ArgumentException("Expected proportions must be finite and non-negative.", nameof(expectedProportions));
            }

            proportionSum += proportion;
        }

        if (!(proportionSum > 0))
        {
            throw new ArgumentException("Expected proportions must not all be zero.", nameof(expectedProportions));
        }

        var minimum = Math.Max(1, options.MinimumSampleSize);
        if (total < minimum)
        {
            return Insufficient(total, 0, minimum);
        }

        var statistic = 0.0;
        var categories = 0;
        var minimumExpected = double.PositiveInfinity;
        for (var i = 0; i < observedCounts.Length; i++)
        {
            var expected = total * (expectedProportions[i] / proportionSum);
            if (expected == 0)
            {
                if (observedCounts[i] > 0)
                {
                    statistic = double.PositiveInfinity;
                }

                continue;
            }

            categories++;
            minimumExpected = Math.Min(minimumExpected, expected);
            var difference = observedCounts[i] - expected;
            statistic += difference * difference / expected;
        }

        return Computed(statistic, categories - 1, minimumExpected, total, 0, minimum);
    }

    /// <summary>
    /// Homogeneity of two count vectors over the same categories (a 2×K contingency table), e.g. the predicted
    /// classes of a reference window against a live window.
    /// </summary>
    public static ChiSquaredResult Homogeneity(
        ReadOnlySpan<long> countsA, ReadOnlySpan<long> countsB, ChiSquaredOptions? options = null)
    {
        options ??= ChiSquaredOptions.Default;
        if (countsA.Length != countsB.Length)
        {
            throw new ArgumentException(
                $"The count vectors have different lengths ({countsA.Length} and {countsB.Length}).", nameof(countsB));
        }

        var totalA = SumCounts(countsA, nameof(countsA));
        var totalB = SumCounts(countsB, nameof(countsB));
        var minimum = Math.Max(1, options.MinimumSampleSize);
        if (totalA < minimum || totalB < minimum)
        {
            return Insufficient(totalA, totalB, minimum);
        }

        double grandTotal = totalA + totalB;
        var statistic = 0.0;
        var categories = 0;
        var minimumExpected = double.PositiveInfinity;
        for (var i = 0; i < countsA.Length; i++)
        {
            double columnTotal = countsA[i] + countsB[i];
            if (columnTotal == 0)
            {
                continue;
            }

            categories++;
            var expectedA = totalA * columnTotal / grandTotal;
            var expectedB = totalB * columnTotal / grandTotal;
            minimumExpected = Math.Min(minimumExpected, Math.Min(expectedA, expectedB));
            var differenceA = countsA[i] - expectedA;
            var differenceB = countsB[i] - expectedB;
            statistic += differenceA * differenceA / expectedA + differenceB * differenceB / expectedB;
        }

        return Computed(statistic, categories - 1, minimumExpected, totalA, totalB, minimum);
    }

    private static ChiSquaredResult Computed(
        double statistic, int degreesOfFreedom, double minimumExpected, long sampleSizeA, long sampleSizeB, int minimum)
    {
        double pValue;
        if (double.IsPositiveInfinity(statistic))
        {
            pValue = 0;
        }
        else if (degreesOfFreedom == 0)
        {
            statistic = 0;
            pValue = 1;
        }
        else
        {
            pValue = ChiSquaredDistribution.Survival(statistic, degreesOfFreedom);
        }

        return new ChiSquaredResult
        {
            Status = TestStatus.Computed,
            Statistic = statistic,
            DegreesOfFreedom = degreesOfFreedom,
            PValue = pValue,
            MinimumExpectedCount = minimumExpected,
            SampleSizeA = sampleSizeA,
            SampleSizeB = sampleSizeB,
            MinimumSampleSize = minimum,
        };
    }

    private static ChiSquaredResult Insufficient(long sampleSizeA, long sampleSizeB, int minimum) => new()
    {
        Status = TestStatus.InsufficientData,
        SampleSizeA = sampleSizeA,
        SampleSizeB = sampleSizeB,
        MinimumSampleSize = minimum,
    };

    private static long SumCounts(ReadOnlySpan<long> counts, string name)
    {
        if (counts.IsEmpty)
        {
            throw new ArgumentException("At least one category is needed.", name);
        }

        long total = 0;
        foreach (var count in counts)
        {
            if (count < 0)
            {
                throw new ArgumentException("Counts must be non-negative.", name);
            }

            total = checked(total + count);
        }

        return total;
    }
}
