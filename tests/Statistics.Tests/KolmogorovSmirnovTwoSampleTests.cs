namespace Mlops.Statistics.Tests;

public class KolmogorovSmirnovTwoSampleTests
{
    private static readonly KolmogorovSmirnovOptions AnySize = new() { MinimumSampleSize = 1 };

    private static readonly KolmogorovSmirnovOptions ScipyTies = AnySize with { Ties = TieHandling.AssumeContinuous };

    private static KolmogorovSmirnovResult Test(double[] a, double[] b, KolmogorovSmirnovOptions? options = null) =>
        KolmogorovSmirnovTest.TwoSample(a, b, options ?? AnySize);

    private static void AssertRelative(double expected, double? actual, double tolerance = 1e-6)
    {
        Assert.NotNull(actual);
        Assert.True(
            Math.Abs(actual.Value - expected) <= tolerance * Math.Abs(expected),
            $"expected {expected:R}, got {actual.Value:R}");
    }

    [Fact]
    public void Matches_scipy_exact_for_100_vs_110()
    {
        // scipy/stats/tests/test_stats.py TestKSTwoSamples.test100_110 (method 'auto' = exact here):
        // x100 = linspace(1, 100, 100), x110 = linspace(1, 100, 110) + 20 ± 0.1.
        var x100 = NumpyLinspace.Create(1, 100, 100);
        var plus = Test(x100, NumpyLinspace.Create(1, 100, 110, 20.1));
        Assert.Equal(232.0 / 1100, plus.Statistic!.Value, 1e-12);
        AssertRelative(0.015739183865607353, plus.PValue);
        Assert.Equal(KolmogorovSmirnovPValueMethod.Exact, plus.PValueMethod);

        var minus = Test(x100, NumpyLinspace.Create(1, 100, 110, 20 - 0.1));
        Assert.Equal(229.0 / 1100, minus.Statistic!.Value, 1e-12);
        AssertRelative(0.017803803861026313, minus.PValue);
    }

    [Fact]
    public void Matches_scipy_exact_for_equal_sizes_near_one()
    {
        // scipy test_stats.py TestKSTwoSamples.test100_100: D = 3/100, p = 0.9999999999962055.
        var x100 = NumpyLinspace.Create(1, 100, 100);
        var result = Test(x100, x100.Select(v => v + 2 + 0.1).ToArray());
        Assert.Equal(0.03, result.Statistic!.Value, 1e-12);
        Assert.Equal(0.9999999999962055, result.PValue!.Value, 1e-12);
    }

    [Fact]
    public void Keeps_relative_accuracy_for_a_tiny_p_value()
    {
        // scipy test_stats.py TestKSTwoSamples.testLarge: n1 = 10000, n2 = 110, D = 55275/110000 and one-sided
        // ('less') p = 3.1317328311518713e-26. For D > 1/2 the events D+ >= D and D- >= D are disjoint, and
        // reversing the pooled order maps D+ to D- under the null, so two-sided p = 2 x 3.1317328311518713e-26.
        // (scipy's two-sided figure there, 4.2e-15, is 1 - 0.99999999999999578: rounding noise that its test,
        // comparing to 6 decimals, cannot see.)
        const int n1 = 10000, n2 = 110;
        var delta = 1.0 / n1 / n2 / 2 / 2;
        var x = NumpyLinspace.Create(1, 200, n1, -delta);
        var y = NumpyLinspace.Create(2, 100, n2);
        var result = Test(x, y);
        Assert.Equal(55275.0 / (n1 * 11.0), result.Statistic!.Value, 1e-12);
        AssertRelative(2 * 3.1317328311518713e-26, result.PValue);
    }

    [Fact]
    public void Matches_scipy_exact_for_10000_vs_11000_when_exact_is_requested()
    {
        // scipy test_stats.py TestKSTwoSamples.testLargeBoth, mode='exact': D = 563/110000, p = 0.9990456491488628.
        const int n1 = 10000, n2 = 11000;
        var delta = 1.0 / n1 / n2 / 2 / 2;
        var x = NumpyLinspace.Create(1, 200, n1, -delta);
        var y = NumpyLinspace.Create(2, 200, n2);
        var result = Test(x, y, AnySize with { Method = KolmogorovSmirnovPValueMethod.Exact });
        Assert.Equal(563.0 / (n1 * 11.0), result.Statistic!.Value, 1e-12);
        Assert.Equal(0.9990456491488628, result.PValue!.Value, 1e-9);

        // Auto switches to the limiting distribution above 10 000 values per sample.
        var auto = Test(x, y);
        Assert.Equal(KolmogorovSmirnovPValueMethod.Asymptotic, auto.PValueMethod);
        Assert.Equal(KolmogorovDistribution.Survival(Math.Sqrt(n1 * (double)n2 / (n1 + n2)) * auto.Statistic!.Value), auto.PValue!.Value);
    }

    [Theory]
    // scipy test_stats.py TestKSTwoSamples.testTwoVsThree / testTwoVsFour (two-sided).
    [InlineData(new[] { 1.01, 2.01 }, new[] { 1.0, 2.0, 3.0 }, 1.0 / 3, 1.0)]
    [InlineData(new[] { 0.99, 1.99 }, new[] { 1.0, 2.0, 3.0 }, 2.0 / 3, 0.6)]
    [InlineData(new[] { 1.01, 2.01 }, new[] { 1.0, 2.0, 3.0, 4.0 }, 2.0 / 4, 14.0 / 15)]
    [InlineData(new[] { 0.99, 1.99 }, new[] { 1.0, 2.0, 3.0, 4.0 }, 3.0 / 4, 6.0 / 15)]
    // testSmall: [0] vs [1].
    [InlineData(new[] { 0.0 }, new[] { 1.0 }, 1.0, 1.0)]
    public void Matches_scipy_exact_for_small_samples(double[] a, double[] b, double statistic, double pValue)
    {
        var result = Test(a, b);
        Assert.Equal(statistic, result.Statistic!.Value, 1e-12);
        Assert.Equal(pValue, result.PValue!.Value, 1e-12);
    }

    [Fact]
    public void Statistic_counts_all_copies_of_a_tied_value_before_comparing()
    {
        // scipy test_stats.py TestKSTwoSamples.testRepeatedValues: D = 5/16 and 190/546. With ties treated
        // as continuous data (scipy's behaviour) the p-values are 0.4262934613454952 and 0.0919245790168125.
        var x2233 = Repeat((2, 3), (3, 4), (5, 5), (6, 4));
        var x3344 = x2233.Select(v => v + 1).ToArray();
        var x2356 = Repeat((2, 3), (3, 4), (5, 10), (6, 4));
        var x3467 = Repeat((3, 10), (4, 2), (6, 10), (7, 4));

        var first = Test(x2233, x3344, ScipyTies);
        Assert.Equal(5.0 / 16, first.Statistic!.Value, 1e-12);
        Assert.Equal(0.4262934613454952, first.PValue!.Value, 1e-9);
        Assert.True(first.HasTies);

        var second = Test(x2356, x3467, ScipyTies);
        Assert.Equal(190.0 / 21 / 26, second.Statistic!.Value, 1e-12);
        Assert.Equal(0.0919245790168125, second.PValue!.Value, 1e-9);

        // The exact p-value conditional on the ties is smaller: fewer comparison points make large D rarer.
        var conditional = Test(x2356, x3467);
        Assert.Equal(second.Statistic, conditional.Statistic);
        Assert.True(conditional.PValue < second.PValue);
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, new[] { 3.0, 4, 5, 6, 7 })]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, new[] { 1.0, 2, 3, 6, 7 })]
    [InlineData(new[] { 1.0, 1, 2, 2, 2, 3 }, new[] { 2.0, 3, 3, 3, 4, 4, 5 })]
    [InlineData(new[] { 0.0, 0, 0, 1, 1 }, new[] { 0.0, 1, 1, 1, 1, 1, 2, 2 })]
    public void Conditional_p_value_with_ties_equals_full_permutation_enumeration(double[] a, double[] b)
    {
        // Oracle: enumerate every way to split the pooled sample into groups of |a| and |b| (the definition of
        // the permutation null distribution) and count splits whose D reaches the observed D.
        var result = Test(a, b);
        var pooled = a.Concat(b).ToArray();
        var observed = BruteForceStatistic(a, b);
        Assert.Equal(observed, result.Statistic!.Value, 1e-12);
        long atLeast = 0, total = 0;
        foreach (var mask in Combinations(pooled.Length, a.Length))
        {
            var first = pooled.Where((_, i) => (mask >> i & 1) == 1).ToArray();
            var second = pooled.Where((_, i) => (mask >> i & 1) == 0).ToArray();
            total++;
            if (BruteForceStatistic(first, second) >= observed - 1e-12)
            {
                atLeast++;
            }
        }

        Assert.Equal((double)atLeast / total, result.PValue!.Value, 1e-12);
    }

    [Fact]
    public void Conditional_tie_handling_agrees_with_R_ks_test()
    {
        // R >= 4.3 ks.test(c(1,2,3,4,5), c(3,4,5,6,7)): exact with ties, D = 0.4, p = 0.873015873015873
        // (as quoted from R 4.5.2 in pystatistics' tests/hypothesis/test_ks.py); 0.8730... = 110/126.
        var result = Test([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]);
        Assert.Equal(0.4, result.Statistic!.Value, 1e-12);
        Assert.Equal(0.8730158730158730, result.PValue!.Value, 1e-12);
    }

    [Fact]
    public void Auto_reports_which_p_value_it_computed()
    {
        var random = new Random(21);
        var rounded = Normals(random, 3000).Select(v => Math.Round(v, 1)).ToArray();
        var roundedToo = Normals(random, 3000).Select(v => Math.Round(v, 1)).ToArray();

        // Small tied samples: exact and conditional on the ties.
        var small = KolmogorovSmirnovTest.TwoSample(rounded.AsSpan(0, 200), roundedToo.AsSpan(0, 300));
        Assert.True(small.HasTies);
        Assert.True(small.PValueConditionalOnTies);
        Assert.Equal(KolmogorovSmirnovPValueMethod.Exact, small.PValueMethod);

        // Long runs of ties (60% exact zeros, like blank pixels) make conditioning costly: beyond the work budget
        // Auto falls back to scipy's continuous exact p-value, which is never smaller than the conditional one.
        var zerosA = Normals(random, 5000).Select((v, i) => i % 5 < 3 ? 0 : v).ToArray();
        var zerosB = Normals(random, 5000).Select((v, i) => i % 5 < 3 ? 0 : v).ToArray();
        var large = KolmogorovSmirnovTest.TwoSample(zerosA, zerosB);
        Assert.True(large.HasTies);
        Assert.False(large.PValueConditionalOnTies);
        Assert.Equal(KolmogorovSmirnovPValueMethod.Exact, large.PValueMethod);
        var forced = KolmogorovSmirnovTest.TwoSample(zerosA, zerosB, new() { Method = KolmogorovSmirnovPValueMethod.Exact });
        Assert.True(forced.PValueConditionalOnTies);
        Assert.True(forced.PValue <= large.PValue);

        // Rounded values have short runs of ties, so 3000 x 3000 stays exact and conditional.
        Assert.True(KolmogorovSmirnovTest.TwoSample(rounded, roundedToo).PValueConditionalOnTies);

        // Far in the tail the exact recursion would be costly and the asymptotic p-value is reported.
        var shifted = KolmogorovSmirnovTest.TwoSample(Normals(random, 5000), Normals(random, 5000).Select(v => v + 1).ToArray());
        Assert.Equal(KolmogorovSmirnovPValueMethod.Asymptotic, shifted.PValueMethod);
        Assert.True(shifted.PValue < 1e-100);
    }

    [Fact]
    public void Identical_samples_give_zero_distance_and_p_value_one()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();
        var shuffled = values.OrderBy(_ => random.Next()).ToArray();
        foreach (var method in new[] { KolmogorovSmirnovPValueMethod.Exact, KolmogorovSmirnovPValueMethod.Asymptotic })
        {
            var result = Test(values, shuffled, AnySize with { Method = method });
            Assert.Equal(0.0, result.Statistic);
            Assert.Equal(1.0, result.PValue);
        }
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(5, 8)]
    [InlineData(20, 30)]
    public void Disjoint_samples_give_distance_one_and_the_smallest_possible_p_value(int m, int n)
    {
        // Only the two splits that separate the groups completely reach D = 1: p = 2 / C(m+n, m).
        var a = Enumerable.Range(0, m).Select(i => (double)i).ToArray();
        var b = Enumerable.Range(0, n).Select(i => 1000.0 + i).ToArray();
        var result = Test(a, b);
        Assert.Equal(1.0, result.Statistic);
        var expected = 2 / Math.Exp(MathNet.Numerics.SpecialFunctions.BinomialLn(m + n, m));
        Assert.Equal(1.0, result.PValue!.Value / expected, 1e-9);
        Assert.True(Test(b, a).RejectsNullAt(0.05) == (expected <= 0.05));
    }

    [Fact]
    public void Samples_below_the_minimum_report_insufficient_data_without_a_p_value()
    {
        var options = new KolmogorovSmirnovOptions { MinimumSampleSize = 50 };
        var result = KolmogorovSmirnovTest.TwoSample(new double[49], new double[500], options);
        Assert.Equal(TestStatus.InsufficientData, result.Status);
        Assert.Null(result.PValue);
        Assert.Null(result.Statistic);
        Assert.False(result.RejectsNullAt(0.05));
        Assert.Equal(49, result.SampleSizeA);
        Assert.Equal(TestStatus.Computed, KolmogorovSmirnovTest.TwoSample(new double[50], new double[50], options).Status);
        Assert.Equal(TestStatus.InsufficientData, KolmogorovSmirnovTest.TwoSample([], [1.0, 2.0], AnySize).Status);
    }

    [Fact]
    public void The_default_minimum_is_30_per_sample()
    {
        Assert.Equal(TestStatus.InsufficientData, KolmogorovSmirnovTest.TwoSample(new double[29], new double[100]).Status);
        Assert.Equal(TestStatus.Computed, KolmogorovSmirnovTest.TwoSample(new double[30], new double[100]).Status);
    }

    [Fact]
    public void NaN_is_rejected_rather_than_sorted_somewhere()
    {
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnovTest.TwoSample([1.0, double.NaN], [1.0, 2.0], AnySize));
    }

    [Fact]
    public void Under_the_null_the_false_positive_rate_is_close_to_alpha()
    {
        // 2000 pairs of samples from the same normal distribution, fixed seed. The exact test is slightly
        // conservative because D is discrete, so the rate must not exceed 0.05 by more than sampling noise
        // (binomial sd ≈ 0.005) and must not collapse either.
        var random = new Random(20240601);
        var exactRejections = 0;
        var asymptoticRejections = 0;
        var belowHalf = 0;
        const int repetitions = 2000;
        var exact = AnySize with { Method = KolmogorovSmirnovPValueMethod.Exact };
        var asymptotic = AnySize with { Method = KolmogorovSmirnovPValueMethod.Asymptotic };
        for (var r = 0; r < repetitions; r++)
        {
            var a = Normals(random, 60);
            var b = Normals(random, 75);
            var p = KolmogorovSmirnovTest.TwoSample(a, b, exact).PValue!.Value;
            exactRejections += p <= 0.05 ? 1 : 0;
            belowHalf += p <= 0.5 ? 1 : 0;
            asymptoticRejections += KolmogorovSmirnovTest.TwoSample(a, b, asymptotic).PValue <= 0.05 ? 1 : 0;
        }

        var exactRate = exactRejections / (double)repetitions;
        Assert.InRange(exactRate, 0.03, 0.065);
        Assert.InRange(asymptoticRejections / (double)repetitions, 0.025, 0.065);
        Assert.InRange(belowHalf / (double)repetitions, 0.40, 0.53);
    }

    [Fact]
    public void A_shift_of_half_a_standard_deviation_is_detected_with_large_samples()
    {
        var random = new Random(11);
        var reference = Normals(random, 5000);
        var live = Normals(random, 5000).Select(v => v + 0.5).ToArray();
        var result = KolmogorovSmirnovTest.TwoSample(reference, live);
        Assert.True(result.RejectsNullAt(1e-6));
        Assert.InRange(result.Statistic!.Value, 0.15, 0.25);
    }

    private static double[] Normals(Random random, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return values;
    }

    private static double[] Repeat(params (double Value, int Times)[] runs) =>
        runs.SelectMany(run => Enumerable.Repeat(run.Value, run.Times)).ToArray();

    // Straight from the definition: sup over every observed value t of |F_a(t) − F_b(t)|.
    private static double BruteForceStatistic(double[] a, double[] b) =>
        a.Concat(b).Max(t => Math.Abs(a.Count(v => v <= t) / (double)a.Length - b.Count(v => v <= t) / (double)b.Length));

    private static IEnumerable<long> Combinations(int n, int k)
    {
        for (long mask = 0; mask < 1L << n; mask++)
        {
            if (long.PopCount(mask) == k)
            {
                yield return mask;
            }
        }
    }
}
