using MathNet.Numerics.Distributions;

namespace Mlops.Statistics.Tests;

public class ChiSquaredTestTests
{
    private static readonly ChiSquaredOptions AnySize = new() { MinimumSampleSize = 1 };

    [Fact]
    public void Goodness_of_fit_matches_scipy_chisquare_documentation()
    {
        // scipy.stats.chisquare docstring: chisquare([16, 18, 16, 14, 12, 12]) -> (2.0, 0.84914503608460956).
        var uniform = ChiSquaredTest.GoodnessOfFit([16, 18, 16, 14, 12, 12], [1.0, 1, 1, 1, 1, 1], AnySize);
        Assert.Equal(2.0, uniform.Statistic!.Value, 1e-12);
        Assert.Equal(5, uniform.DegreesOfFreedom);
        Assert.Equal(0.84914503608460956, uniform.PValue!.Value, 1e-12);

        // chisquare([16, 18, 16, 14, 12, 12], f_exp=[16, 16, 16, 16, 16, 8]) -> (3.5, 0.62338762774958223).
        var weighted = ChiSquaredTest.GoodnessOfFit([16, 18, 16, 14, 12, 12], [16.0, 16, 16, 16, 16, 8], AnySize);
        Assert.Equal(3.5, weighted.Statistic!.Value, 1e-12);
        Assert.Equal(0.62338762774958223, weighted.PValue!.Value, 1e-12);
    }

    [Fact]
    public void Goodness_of_fit_reproduces_Mendels_pea_experiment()
    {
        // Mendel's dihybrid cross (round-yellow, wrinkled-yellow, round-green, wrinkled-green) = 315, 101, 108, 32
        // against 9:3:3:1; the textbook statistic is 0.470 on 3 degrees of freedom (p ≈ 0.925).
        var result = ChiSquaredTest.GoodnessOfFit([315, 101, 108, 32], [9.0, 3, 3, 1], AnySize);
        var expected = new[] { 312.75, 104.25, 104.25, 34.75 };
        var observed = new[] { 315.0, 101, 108, 32 };
        var statistic = observed.Zip(expected, (o, e) => (o - e) * (o - e) / e).Sum();
        Assert.Equal(0.470, result.Statistic!.Value, 1e-3);
        Assert.Equal(statistic, result.Statistic!.Value, 1e-12);
        Assert.Equal(3, result.DegreesOfFreedom);
        Assert.Equal(1 - ChiSquared.CDF(3, statistic), result.PValue!.Value, 1e-10); // MathNet oracle
        Assert.Equal(0.925, result.PValue!.Value, 1e-3);
    }

    [Fact]
    public void Homogeneity_matches_scipy_chi2_contingency_documentation()
    {
        // scipy.stats.chi2_contingency docstring: [[10, 10, 20], [20, 20, 20]] -> statistic 2.7777777777777777,
        // p 0.24935220877729619, dof 2 (no continuity correction applies for dof > 1).
        var result = ChiSquaredTest.Homogeneity([10, 10, 20], [20, 20, 20], AnySize);
        Assert.Equal(2.7777777777777777, result.Statistic!.Value, 1e-12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(0.24935220877729619, result.PValue!.Value, 1e-12);
        Assert.Equal(12.0, result.MinimumExpectedCount!.Value, 1e-12);
    }

    [Fact]
    public void Two_by_two_table_has_the_closed_form_p_value()
    {
        // [[10, 0], [0, 10]]: statistic 20 on 1 dof; P(χ²₁ > 20) = erfc(sqrt(10)) = 7.744216431044088e-6.
        var result = ChiSquaredTest.Homogeneity([10, 0], [0, 10], AnySize);
        Assert.Equal(20.0, result.Statistic!.Value, 1e-12);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Equal(1.0, result.PValue!.Value / MathNet.Numerics.SpecialFunctions.Erfc(Math.Sqrt(10)), 1e-9);
        Assert.Equal(1.0, result.PValue!.Value / 7.744216431044088e-6, 1e-9);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(3.84, 1)]
    [InlineData(10, 4)]
    [InlineData(30, 9)]
    [InlineData(150, 99)]
    [InlineData(1200, 999)]
    public void Chi_squared_tail_matches_MathNet(double x, int degreesOfFreedom)
    {
        var expected = 1 - ChiSquared.CDF(degreesOfFreedom, x);
        Assert.Equal(expected, ChiSquaredDistribution.Survival(x, degreesOfFreedom), 1e-10);
        Assert.Equal(ChiSquared.CDF(degreesOfFreedom, x), ChiSquaredDistribution.Cdf(x, degreesOfFreedom), 1e-10);
    }

    [Fact]
    public void Categories_empty_in_both_windows_do_not_count_as_degrees_of_freedom()
    {
        var withEmpty = ChiSquaredTest.Homogeneity([10, 0, 10, 20], [20, 0, 20, 20], AnySize);
        var without = ChiSquaredTest.Homogeneity([10, 10, 20], [20, 20, 20], AnySize);
        Assert.Equal(without.Statistic, withEmpty.Statistic);
        Assert.Equal(without.DegreesOfFreedom, withEmpty.DegreesOfFreedom);
        Assert.Equal(without.PValue, withEmpty.PValue);
    }

    [Fact]
    public void A_count_in_a_category_expected_to_be_empty_is_impossible_under_the_null()
    {
        var impossible = ChiSquaredTest.GoodnessOfFit([40, 1], [1.0, 0.0], AnySize);
        Assert.Equal(double.PositiveInfinity, impossible.Statistic);
        Assert.Equal(0.0, impossible.PValue);

        // An expected-empty category that stays empty is simply left out.
        var consistent = ChiSquaredTest.GoodnessOfFit([20, 20, 0], [1.0, 1.0, 0.0], AnySize);
        Assert.Equal(0.0, consistent.Statistic);
        Assert.Equal(1, consistent.DegreesOfFreedom);
        Assert.Equal(1.0, consistent.PValue);
    }

    [Fact]
    public void A_single_populated_category_means_identical_distributions()
    {
        var result = ChiSquaredTest.Homogeneity([50, 0], [70, 0], AnySize);
        Assert.Equal(0.0, result.Statistic);
        Assert.Equal(0, result.DegreesOfFreedom);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void Small_windows_report_insufficient_data()
    {
        var result = ChiSquaredTest.Homogeneity([100, 200, 300], [5, 10, 14]);
        Assert.Equal(TestStatus.InsufficientData, result.Status);
        Assert.Null(result.PValue);
        Assert.Null(result.Statistic);
        Assert.Equal(29, result.SampleSizeB);
        Assert.False(result.RejectsNullAt(0.05));
        Assert.Equal(TestStatus.Computed, ChiSquaredTest.Homogeneity([100, 200, 300], [5, 10, 15]).Status);
        Assert.Equal(TestStatus.InsufficientData, ChiSquaredTest.GoodnessOfFit([1, 2], [0.5, 0.5]).Status);
    }

    [Fact]
    public void Invalid_counts_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ChiSquaredTest.Homogeneity([1, -1], [1, 1], AnySize));
        Assert.Throws<ArgumentException>(() => ChiSquaredTest.Homogeneity([1, 1], [1, 1, 1], AnySize));
        Assert.Throws<ArgumentException>(() => ChiSquaredTest.GoodnessOfFit([1, 1], [0.0, 0.0], AnySize));
    }

    [Fact]
    public void Under_the_null_the_false_positive_rate_is_close_to_alpha()
    {
        // 2000 pairs of windows of 500 predictions over 5 classes drawn from the same distribution.
        var random = new Random(99);
        double[] classProbabilities = [0.4, 0.25, 0.15, 0.12, 0.08];
        var rejections = 0;
        for (var r = 0; r < 2000; r++)
        {
            var result = ChiSquaredTest.Homogeneity(Draw(random, classProbabilities, 500), Draw(random, classProbabilities, 500));
            rejections += result.RejectsNullAt(0.05) ? 1 : 0;
        }

        Assert.InRange(rejections / 2000.0, 0.035, 0.065);
    }

    private static long[] Draw(Random random, double[] probabilities, int count)
    {
        var counts = new long[probabilities.Length];
        for (var i = 0; i < count; i++)
        {
            var u = random.NextDouble();
            var k = 0;
            while (k < probabilities.Length - 1 && (u -= probabilities[k]) >= 0)
            {
                k++;
            }

            counts[k]++;
        }

        return counts;
    }
}
