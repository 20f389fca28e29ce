using System.Buffers;
using System.Numerics;

namespace Mlops.Statistics;

/// <summary>
/// Exact null distribution of the two-sample two-sided Kolmogorov-Smirnov (Smirnov) statistic.
/// </summary>
/// <remarks>
/// Under the null every assignment of the pooled, sorted observations to the two samples is equally likely,
/// i.e. every lattice path from (0, 0) to (m, n) taking unit steps in x (an observation of the first sample)
/// or y (the second sample). D·m·n is the largest |n·x − m·y| over the points where the ECDFs are compared.
/// B(x, y), the probability that a random path to (x, y) has already reached |n·x − m·y| ≥ k, satisfies
/// B(x, y) = (x·B(x−1, y) + y·B(x, y−1)) / (x + y) and equals 1 at every such point. Every value is a
/// probability, so nothing overflows and small p-values keep their relative accuracy (the recursion of
/// Viehmann, 2021, "Numerically more stable computation of the p-values for the two-sample
/// Kolmogorov-Smirnov test"). With ties, ECDFs are only compared where a run of equal pooled values ends
/// (Schröer and Trenkler, 1995), which gives the exact permutation p-value conditional on the tie pattern.
/// <para>
/// The recursion runs along anti-diagonals t = x + y: every point of diagonal t depends only on diagonal t − 1,
/// so a diagonal is one vectorised pass. Only points that can still be below 1 are visited: those inside the
/// band on compared diagonals, widened by one step per uncompared diagonal since (runs of ties).
/// </para>
/// </remarks>
internal static class SmirnovExactDistribution
{
    /// <summary>
    /// How many lattice points the recursion visits (about 2k + m + n without ties), found in O(m + n) by
    /// tracing the visited range of each diagonal without computing it.
    /// </summary>
    public static long Work(int m, int n, long k, ReadOnlySpan<bool> comparedAfter)
    {
        if (k <= 0)
        {
            return 0;
        }

        long work = 0;
        int lo = 0, hi = 0;
        for (var t = 1; t <= m + n; t++)
        {
            if (!NextRange(m, n, k, t, comparedAfter, ref lo, ref hi))
            {
                break;
            }

            work += hi - lo + 1;
        }

        return work;
    }

    /// <summary>P(D·m·n ≥ k) for continuous data: ECDFs compared after every observation.</summary>
    public static double Survival(int m, int n, long k) => Compute(m, n, k, comparedAfter: default);

    /// <summary>
    /// P(D·m·n ≥ k) conditional on the tie pattern: <paramref name="comparedAfter"/>[t] is true when the ECDFs
    /// are compared after the first t pooled observations (the end of a run of equal values).
    /// </summary>
    public static double SurvivalWithTies(int m, int n, long k, ReadOnlySpan<bool> comparedAfter) =>
        Compute(m, n, k, comparedAfter);

    private static double Compute(int m, int n, long k, ReadOnlySpan<bool> comparedAfter)
    {
        if (k <= 0)
        {
            return 1;
        }

        // Buffers are indexed by x + 1 so that x − 1 = −1 is addressable; both hold one diagonal each.
        var previous = ArrayPool<double>.Shared.Rent(m + 3);
        var current = ArrayPool<double>.Shared.Rent(m + 3);
        try
        {
            return Diagonals(m, n, k, comparedAfter, previous, current);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(previous);
            ArrayPool<double>.Shared.Return(current);
        }
    }

    private static double Diagonals(int m, int n, long k, ReadOnlySpan<bool> comparedAfter, double[] previous, double[] current)
    {
        long total = (long)m + n;
        previous[0] = 1;
        previous[1] = 0;
        previous[2] = 1;
        int lo = 0, hi = 0;
        for (var t = 1; t <= total; t++)
        {
            if (!NextRange(m, n, k, t, comparedAfter, ref lo, ref hi))
            {
                return 1;
            }

            Step(previous, current, lo, hi, t);
            current[lo] = 1;
            current[hi + 2] = 1;
            (previous, current) = (current, previous);
        }

        return Math.Clamp(previous[m + 1], 0, 1);
    }

    // Points of diagonal t that can still be below 1: reachable from the previous diagonal's range and, where
    // the ECDFs are compared, inside the band m·t − k < (m + n)·x < m·t + k. False when every path is absorbed.
    private static bool NextRange(int m, int n, long k, int t, ReadOnlySpan<bool> comparedAfter, ref int lo, ref int hi)
    {
        long total = (long)m + n;
        lo = Math.Max(lo, t - n);
        hi = Math.Min(hi + 1, Math.Min(t, m));
        if (comparedAfter.IsEmpty || comparedAfter[t])
        {
            var lowerNumerator = (long)m * t - k;
            if (lowerNumerator >= 0)
            {
                lo = (int)Math.Max(lo, lowerNumerator / total + 1);
            }

            hi = (int)Math.Min(hi, ((long)m * t + k - 1) / total);
        }

        return lo <= hi;
    }

    // current[x] = (x·previous[x−1] + (t−x)·previous[x]) / t, with buffer index x + 1. Both terms are
    // non-negative, so tiny probabilities keep their relative accuracy (a difference form would cancel).
    private static void Step(double[] previous, double[] current, int lo, int hi, int t)
    {
        var x = lo;
        if (Vector.IsHardwareAccelerated && hi - lo + 1 >= Vector<double>.Count)
        {
            var width = Vector<double>.Count;
            Span<double> offsets = stackalloc double[width];
            for (var i = 0; i < width; i++)
            {
                offsets[i] = i;
            }

            var positions = new Vector<double>(offsets) + new Vector<double>(lo);
            var step = new Vector<double>(width);
            var diagonal = new Vector<double>(t);
            var scale = new Vector<double>(1.0 / t);
            for (; x + width - 1 <= hi; x += width)
            {
                var here = new Vector<double>(previous, x + 1);
                var left = new Vector<double>(previous, x);
                ((positions * left + (diagonal - positions) * here) * scale).CopyTo(current, x + 1);
                positions += step;
            }
        }

        var inverseT = 1.0 / t;
        for (; x <= hi; x++)
        {
            current[x + 1] = (x * previous[x] + (t - x) * previous[x + 1]) * inverseT;
        }
    }
}
