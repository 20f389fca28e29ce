using System.Buffers;

namespace Mlops.Statistics;

/// <summary>
/// Kolmogorov-Smirnov tests, two-sided.
/// <para>
/// Two-sample p-values: the exact null distribution matches scipy's ks_2samp(method='exact') for data without
/// ties; with ties it is, by default, the exact permutation p-value conditional on the ties, as R's ks.test
/// (see <see cref="TieHandling"/>). Its cost is about 2·D·m·n + m + n lattice steps without ties, more with long
/// runs of ties (at most m·n). <see cref="KolmogorovSmirnovPValueMethod.Auto"/> uses it when both samples have
/// at most 10 000 values (scipy's rule) and the cost stays within <see cref="ExactWorkBudget"/>; with ties beyond
/// that budget it uses the continuous-data exact p-value (scipy's, conservative) if that fits. Otherwise it uses
/// the limiting Kolmogorov distribution at sqrt(m·n/(m+n))·D (R's ks.test with exact = FALSE). For 5000 vs 5000
/// values without ties Auto is exact up to D ≈ 0.08, far beyond any significance threshold (p ≈ 1e-14 there).
/// <see cref="KolmogorovSmirnovResult.PValueMethod"/> and <see cref="KolmogorovSmirnovResult.PValueConditionalOnTies"/>
/// report which p-value was computed.
/// </para>
/// <para>
/// One-sample p-values: exact (Marsaglia-Tsang-Wang) for n &lt; 100, as R's ks.test, otherwise the limiting
/// distribution at sqrt(n)·D.
/// </para>
/// NaN values are rejected with an <see cref="ArgumentException"/>: drop or count missing values before testing.
/// </summary>
public static class KolmogorovSmirnovTest
{
    /// <summary>The largest sample size for which Auto computes the exact two-sample p-value.</summary>
    public const int MaxExactTwoSampleSize = 10_000;

    /// <summary>
    /// The most lattice points Auto lets the exact two-sample recursion visit (a few milliseconds): about
    /// 2·D·m·n + m + n without ties, up to (m + 1)·(n + 1) when conditioning on long runs of ties.
    /// </summary>
    public const double ExactWorkBudget = 4_000_000;

    /// <summary>One-sample tests with fewer values than this get the exact p-value under Auto.</summary>
    public const int OneSampleExactBelow = 100;

    /// <summary>Tests whether <paramref name="a"/> and <paramref name="b"/> come from the same distribution.</summary>
    public static KolmogorovSmirnovResult TwoSample(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, KolmogorovSmirnovOptions? options = null)
    {
        options ??= KolmogorovSmirnovOptions.Default;
        RejectNaN(a, nameof(a));
        RejectNaN(b, nameof(b));
        var minimum = Math.Max(1, options.MinimumSampleSize);
        if (a.Length < minimum || b.Length < minimum)
        {
            return new KolmogorovSmirnovResult
            {
                Status = TestStatus.InsufficientData,
                SampleSizeA = a.Length,
                SampleSizeB = b.Length,
                MinimumSampleSize = minimum,
            };
        }

        var sortedA = ArrayPool<double>.Shared.Rent(a.Length);
        var sortedB = ArrayPool<double>.Shared.Rent(b.Length);
        var comparedAfter = ArrayPool<bool>.Shared.Rent(a.Length + b.Length + 1);
        try
        {
            var spanA = sortedA.AsSpan(0, a.Length);
            var spanB = sortedB.AsSpan(0, b.Length);
            a.CopyTo(spanA);
            b.CopyTo(spanB);
            spanA.Sort();
            spanB.Sort();
            var compared = comparedAfter.AsSpan(0, a.Length + b.Length + 1);
            var (maxScaledDistance, hasTies) = ScaledStatistic(spanA, spanB, compared);

            int m = a.Length, n = b.Length;
            var statistic = maxScaledDistance / ((double)m * n);
            var conditional = hasTies && options.Ties == TieHandling.Conditional;
            var method = ResolveTwoSampleMethod(options.Method, m, n, maxScaledDistance, compared, ref conditional);
            double pValue;
            if (method == KolmogorovSmirnovPValueMethod.Exact)
            {
                pValue = conditional
                    ? SmirnovExactDistribution.SurvivalWithTies(m, n, maxScaledDistance, compared)
                    : SmirnovExactDistribution.Survival(m, n, maxScaledDistance);
            }
            else
            {
                var effectiveSize = (double)m * n / ((double)m + n);
                pValue = KolmogorovDistribution.Survival(Math.Sqrt(effectiveSize) * statistic);
            }

            return new KolmogorovSmirnovResult
            {
                Status = TestStatus.Computed,
                Statistic = statistic,
                PValue = pValue,
                PValueMethod = method,
                HasTies = hasTies,
                PValueConditionalOnTies = conditional && method == KolmogorovSmirnovPValueMethod.Exact,
                SampleSizeA = m,
                SampleSizeB = n,
                MinimumSampleSize = minimum,
            };
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sortedA);
            ArrayPool<double>.Shared.Return(sortedB);
            ArrayPool<bool>.Shared.Return(comparedAfter);
        }
    }

    /// <summary>
    /// Tests whether <paramref name="sample"/> comes from the continuous distribution with CDF
    /// <paramref name="cdf"/> (fully specified, not fitted to the same sample).
    /// </summary>
    public static KolmogorovSmirnovResult OneSample(
        ReadOnlySpan<double> sample, Func<double, double> cdf, KolmogorovSmirnovOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cdf);
        options ??= KolmogorovSmirnovOptions.Default;
        RejectNaN(sample, nameof(sample));
        var minimum = Math.Max(1, options.MinimumSampleSize);
        var n = sample.Length;
        if (n < minimum)
        {
            return new KolmogorovSmirnovResult
            {
                Status = TestStatus.InsufficientData,
                SampleSizeA = n,
                SampleSizeB = 0,
                MinimumSampleSize = minimum,
            };
        }

        var sorted = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var span = sorted.AsSpan(0, n);
            sample.CopyTo(span);
            span.Sort();
            var statistic = 0.0;
            var hasTies = false;
            for (var i = 0; i < n; i++)
            {
                var f = cdf(span[i]);
                if (!(f >= 0 && f <= 1))
                {
                    throw new ArgumentException($"The CDF returned {f} at {span[i]}; it must return values in [0, 1].", nameof(cdf));
                }

                statistic = Math.Max(statistic, Math.Max((i + 1.0) / n - f, f - (double)i / n));
                hasTies |= i > 0 && span[i] == span[i - 1];
            }

            var method = options.Method switch
            {
                KolmogorovSmirnovPValueMethod.Auto => n < OneSampleExactBelow
                    ? KolmogorovSmirnovPValueMethod.Exact
                    : KolmogorovSmirnovPValueMethod.Asymptotic,
                var explicitMethod => explicitMethod,
            };
            var pValue = method == KolmogorovSmirnovPValueMethod.Exact
                ? KolmogorovDistribution.ExactSurvival(n, statistic)
                : KolmogorovDistribution.Survival(Math.Sqrt(n) * statistic);

            return new KolmogorovSmirnovResult
            {
                Status = TestStatus.Computed,
                Statistic = statistic,
                PValue = pValue,
                PValueMethod = method,
                HasTies = hasTies,
                SampleSizeA = n,
                SampleSizeB = 0,
                MinimumSampleSize = minimum,
            };
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sorted);
        }
    }

    // Auto stays exact while the recursion is cheap. Beyond the work budget D lies so far in the tail (or the
    // samples are so large) that the asymptotic p-value is what any decision would use anyway. Tie-conditional
    // exactness is dropped first, falling back to scipy's continuous-data exact p-value, which is conservative.
    private static KolmogorovSmirnovPValueMethod ResolveTwoSampleMethod(
        KolmogorovSmirnovPValueMethod requested, int m, int n, long scaledStatistic, ReadOnlySpan<bool> comparedAfter, ref bool conditional)
    {
        if (requested != KolmogorovSmirnovPValueMethod.Auto)
        {
            return requested;
        }

        if (Math.Max(m, n) > MaxExactTwoSampleSize)
        {
            return KolmogorovSmirnovPValueMethod.Asymptotic;
        }

        if (conditional && SmirnovExactDistribution.Work(m, n, scaledStatistic, comparedAfter) <= ExactWorkBudget)
        {
            return KolmogorovSmirnovPValueMethod.Exact;
        }

        conditional = false;
        return SmirnovExactDistribution.Work(m, n, scaledStatistic, default) <= ExactWorkBudget
            ? KolmogorovSmirnovPValueMethod.Exact
            : KolmogorovSmirnovPValueMethod.Asymptotic;
    }

    // Walks both sorted samples one run of equal values at a time, so the ECDFs are compared only after all
    // copies of a tied value are counted. Returns max |n·i − m·j| (= D·m·n, exact in integers).
    private static (long MaxScaledDistance, bool HasTies) ScaledStatistic(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<bool> comparedAfter)
    {
        int m = a.Length, n = b.Length, i = 0, j = 0;
        long max = 0;
        var hasTies = false;
        comparedAfter[0] = true;
        while (i < m || j < n)
        {
            var value = j >= n || (i < m && a[i] <= b[j]) ? a[i] : b[j];
            var start = i + j;
            while (i < m && a[i] == value)
            {
                i++;
            }

            while (j < n && b[j] == value)
            {
                j++;
            }

            var end = i + j;
            if (end - start > 1)
            {
                hasTies = true;
                comparedAfter.Slice(start + 1, end - start - 1).Clear();
            }

            comparedAfter[end] = true;
            max = Math.Max(max, Math.Abs((long)n * i - (long)m * j));
        }

        return (max, hasTies);
    }

    private static void RejectNaN(ReadOnlySpan<double> values, string name)
    {
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentException("The sample contains NaN; remove or count missing values before testing.", name);
            }
        }
    }
}
