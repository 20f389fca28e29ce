using System.Buffers;

namespace Mlops.Statistics;

/// <summary>
/// Exact null distribution of the two-sample two-sided Kolmogorov-Smirnov (Smirnov) statistic.
/// </summary>
/// <remarks>
/// Under the null every assignment of the pooled, sorted observations to the two samples is equally likely,
/// i.e. every lattice path from (0, 0) to (m, n) taking unit steps right (an observation of the first sample)
/// or up (the second sample). D·m·n is the largest |n·x − m·y| over the points where the ECDFs are compared.
/// B(x, y), the probability that a random path to (x, y) has already reached |n·x − m·y| ≥ k, satisfies
/// B(x, y) = (x·B(x−1, y) + y·B(x, y−1)) / (x + y) and equals 1 at every such point. Every value is a
/// probability, so nothing overflows and small p-values keep their relative accuracy (the recursion of
/// Viehmann, 2021, "Numerically more stable computation of the p-values for the two-sample
/// Kolmogorov-Smirnov test"). With ties, ECDFs are only compared where a run of equal pooled values ends
/// (Schröer and Trenkler, 1995), which gives the exact permutation p-value conditional on the tie pattern.
/// </remarks>
internal static class SmirnovExactDistribution
{
    /// <summary>P(D·m·n ≥ k) for continuous data: ECDFs compared after every observation.</summary>
    public static double Survival(int m, int n, long k)
    {
        if (k <= 0)
        {
            return 1;
        }

        var column = ArrayPool<double>.Shared.Rent(n + 1);
        try
        {
            return SurvivalWithinBand(m, n, k, column.AsSpan(0, n + 1));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(column);
        }
    }

    /// <summary>
    /// P(D·m·n ≥ k) conditional on the tie pattern: <paramref name="comparedAfter"/>[t] is true when the ECDFs
    /// are compared after the first t pooled observations (the end of a run of equal values).
    /// </summary>
    public static double SurvivalWithTies(int m, int n, long k, ReadOnlySpan<bool> comparedAfter)
    {
        if (k <= 0)
        {
            return 1;
        }

        var column = ArrayPool<double>.Shared.Rent(n + 1);
        try
        {
            return SurvivalOverFullGrid(m, n, k, comparedAfter, column.AsSpan(0, n + 1));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(column);
        }
    }

    // Without ties every point outside the band |n·x − m·y| < k is absorbing, so only the band is visited:
    // about 2k + m updates instead of m·n.
    private static double SurvivalWithinBand(int m, int n, long k, Span<double> b)
    {
        b.Fill(1);
        b[0] = 0;
        var top = UpperEdge(0, m, n, k);
        for (var y = 1; y <= top; y++)
        {
            b[y] = b[y - 1];
        }

        var previousBottom = 0;
        for (var x = 1; x <= m; x++)
        {
            var bottom = LowerEdge(x, m, n, k);
            top = UpperEdge(x, m, n, k);
            for (var y = previousBottom; y < bottom; y++)
            {
                b[y] = 1;
            }

            previousBottom = bottom;
            for (var y = bottom; y <= top; y++)
            {
                var below = y == 0 ? 0 : b[y - 1];
                b[y] = (x * b[y] + y * below) / (x + y);
            }
        }

        return Math.Clamp(b[n], 0, 1);
    }

    // Smallest y with m·y > n·x − k.
    private static int LowerEdge(int x, int m, int n, long k)
    {
        var numerator = (long)n * x - k;
        return numerator < 0 ? 0 : (int)Math.Min(numerator / m + 1, n);
    }

    // Largest y with m·y < n·x + k.
    private static int UpperEdge(int x, int m, int n, long k) => (int)Math.Min(((long)n * x + k - 1) / m, n);

    private static double SurvivalOverFullGrid(int m, int n, long k, ReadOnlySpan<bool> comparedAfter, Span<double> b)
    {
        b[0] = 0;
        for (var y = 1; y <= n; y++)
        {
            b[y] = IsAbsorbing(0, y, m, n, k, comparedAfter) ? 1 : b[y - 1];
        }

        for (var x = 1; x <= m; x++)
        {
            var nx = (long)n * x;
            for (var y = 0; y <= n; y++)
            {
                if (comparedAfter[x + y] && Math.Abs(nx - (long)m * y) >= k)
                {
                    b[y] = 1;
                    continue;
                }

                var below = y == 0 ? 0 : b[y - 1];
                b[y] = (x * b[y] + y * below) / (x + y);
            }
        }

        return Math.Clamp(b[n], 0, 1);
    }

    private static bool IsAbsorbing(int x, int y, int m, int n, long k, ReadOnlySpan<bool> comparedAfter) =>
        comparedAfter[x + y] && Math.Abs((long)n * x - (long)m * y) >= k;
}
