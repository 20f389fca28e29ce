using System.Buffers;

namespace Mlops.Statistics;

/// <summary>
/// The 1-D first Wasserstein (earth mover's) distance between two empirical distributions,
/// ∫ |F_a(t) − F_b(t)| dt, as scipy.stats.wasserstein_distance. It is in the units of the values.
/// </summary>
public static class WassersteinDistance
{
    /// <summary>The distance between the empirical distributions of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        RequireValues(a, nameof(a));
        RequireValues(b, nameof(b));
        var bufferA = ArrayPool<double>.Shared.Rent(a.Length);
        var bufferB = ArrayPool<double>.Shared.Rent(b.Length);
        try
        {
            var sortedA = bufferA.AsSpan(0, a.Length);
            var sortedB = bufferB.AsSpan(0, b.Length);
            a.CopyTo(sortedA);
            b.CopyTo(sortedB);
            sortedA.Sort();
            sortedB.Sort();
            return AreaBetweenSortedCdfs(sortedA, default, sortedB, default);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(bufferA);
            ArrayPool<double>.Shared.Return(bufferB);
        }
    }

    /// <summary>
    /// The distance between weighted empirical distributions (weights non-negative, not all zero; they are
    /// normalised per distribution).
    /// </summary>
    public static double Compute(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> weightsA, ReadOnlySpan<double> weightsB)
    {
        RequireValues(a, nameof(a));
        RequireValues(b, nameof(b));
        RequireWeights(weightsA, a.Length, nameof(weightsA));
        RequireWeights(weightsB, b.Length, nameof(weightsB));
        var sortedA = a.ToArray();
        var sortedB = b.ToArray();
        var sortedWeightsA = weightsA.ToArray();
        var sortedWeightsB = weightsB.ToArray();
        Array.Sort(sortedA, sortedWeightsA);
        Array.Sort(sortedB, sortedWeightsB);
        return AreaBetweenSortedCdfs(sortedA, sortedWeightsA, sortedB, sortedWeightsB);
    }

    // Sweeps the pooled values left to right; between consecutive distinct values both CDFs are constant.
    // Empty weight spans mean every value weighs the same.
    private static double AreaBetweenSortedCdfs(
        ReadOnlySpan<double> a, ReadOnlySpan<double> weightsA, ReadOnlySpan<double> b, ReadOnlySpan<double> weightsB)
    {
        var totalA = weightsA.IsEmpty ? a.Length : Sum(weightsA);
        var totalB = weightsB.IsEmpty ? b.Length : Sum(weightsB);
        double cumulativeA = 0, cumulativeB = 0, area = 0;
        int i = 0, j = 0;
        var current = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && a[i] == current)
            {
                cumulativeA += weightsA.IsEmpty ? 1 : weightsA[i];
                i++;
            }

            while (j < b.Length && b[j] == current)
            {
                cumulativeB += weightsB.IsEmpty ? 1 : weightsB[j];
                j++;
            }

            if (i == a.Length && j == b.Length)
            {
                break;
            }

            var next = i == a.Length ? b[j] : j == b.Length ? a[i] : Math.Min(a[i], b[j]);
            area += Math.Abs(cumulativeA / totalA - cumulativeB / totalB) * (next - current);
            current = next;
        }

        return area;
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static void RequireValues(ReadOnlySpan<double> values, string name)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("A distribution needs at least one value.", name);
        }

        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("Values must be finite numbers.", name);
            }
        }
    }

    private static void RequireWeights(ReadOnlySpan<double> weights, int expectedLength, string name)
    {
        if (weights.Length != expectedLength)
        {
            throw new ArgumentException($"Expected {expectedLength} weights but got {weights.Length}.", name);
        }

        var total = 0.0;
        foreach (var weight in weights)
        {
            if (!(weight >= 0) || double.IsInfinity(weight))
            {
                throw new ArgumentException("Weights must be finite and non-negative.", name);
            }

            total += weight;
        }

        if (!(total > 0))
        {
            throw new ArgumentException("Weights must not all be zero.", name);
        }
    }
}
