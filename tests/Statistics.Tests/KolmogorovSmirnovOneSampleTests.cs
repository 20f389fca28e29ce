using MathNet.Numerics.Distributions;

namespace Mlops.Statistics.Tests;

public class KolmogorovSmirnovOneSampleTests
{
    private static readonly KolmogorovSmirnovOptions AnySize = new() { MinimumSampleSize = 1 };

    [Fact]
    public void Matches_R_for_a_normal_hypothesis()
    {
        // R 4.5.2 ks.test(c(1,2,3,4,5), "pnorm", mean = 3, sd = 1.5): D = 0.14750746245307711,
        // p = 0.99907073326002416 (exact, n < 100), as quoted in pystatistics' tests/hypothesis/test_ks.py.
        var normal = new Normal(3, 1.5);
        var result = KolmogorovSmirnovTest.OneSample([1, 2, 3, 4, 5], normal.CumulativeDistribution, AnySize);
        Assert.Equal(0.14750746245307711, result.Statistic!.Value, 1e-9);
        Assert.Equal(0.99907073326002416, result.PValue!.Value, 1e-9);
        Assert.Equal(KolmogorovSmirnovPValueMethod.Exact, result.PValueMethod);
    }

    [Fact]
    public void Matches_R_for_a_uniform_hypothesis()
    {
        // R 4.5.2 ks.test(seq(0.1, 0.9, 0.1), "punif"): D = 0.1, p = 0.99987428406468037 (same source).
        double[] sample = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
        var result = KolmogorovSmirnovTest.OneSample(sample, x => Math.Clamp(x, 0, 1), AnySize);
        Assert.Equal(0.1, result.Statistic!.Value, 1e-12);
        Assert.Equal(0.99987428406468037, result.PValue!.Value, 1e-6);
    }

    [Fact]
    public void Large_samples_use_the_limiting_distribution()
    {
        var sample = Enumerable.Range(0, 400).Select(i => (i + 0.5) / 400 * 1.1).ToArray();
        var result = KolmogorovSmirnovTest.OneSample(sample, x => Math.Clamp(x, 0, 1), AnySize);
        Assert.Equal(KolmogorovSmirnovPValueMethod.Asymptotic, result.PValueMethod);
        Assert.Equal(KolmogorovDistribution.Survival(20 * result.Statistic!.Value), result.PValue);
    }

    [Fact]
    public void Reports_insufficient_data_and_rejects_a_cdf_outside_zero_one()
    {
        var result = KolmogorovSmirnovTest.OneSample([0.5, 0.6], x => x);
        Assert.Equal(TestStatus.InsufficientData, result.Status);
        Assert.Null(result.PValue);
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnovTest.OneSample([2.0], x => x, AnySize));
    }
}
