namespace Mlops.Statistics.Tests;

public class KolmogorovDistributionTests
{
    // scipy/special/tests/test_kolmogorov.py TestKolmogorov.test_linspace: kolmogorov(x), x = linspace(0, 2, 21).
    private static readonly double[] ScipyKolmogorov =
    [
        1.0000000000000000, 1.0000000000000000, 0.9999999999994950, 0.9999906941986655, 0.9971923267772983,
        0.9639452436648751, 0.8642827790506042, 0.7112351950296890, 0.5441424115741981, 0.3927307079406543,
        0.2699996716773546, 0.1777181926064012, 0.1122496666707249, 0.0680922218447664, 0.0396818795381144,
        0.0222179626165251, 0.0119520432391966, 0.0061774306344441, 0.0030676213475797, 0.0014636048371873,
        0.0006709252557797,
    ];

    // Same test, the complement _kolmogc(x) = P(K <= x), which carries the small-x digits.
    private static readonly double[] ScipyKolmogorovComplement =
    [
        0.0000000000000000, 6.609305242245699e-53, 5.050407338670114e-13, 9.305801334566668e-06, 0.0028076732227017,
        0.0360547563351249, 0.1357172209493958, 0.2887648049703110, 0.4558575884258019, 0.6072692920593457,
        0.7300003283226455, 0.8222818073935988, 0.8877503333292751, 0.9319077781552336, 0.9603181204618857,
        0.9777820373834749, 0.9880479567608034, 0.9938225693655559, 0.9969323786524203, 0.9985363951628127,
        0.9993290747442203,
    ];

    [Fact]
    public void Limiting_survival_and_cdf_match_scipy_special_kolmogorov()
    {
        for (var i = 0; i < ScipyKolmogorov.Length; i++)
        {
            var x = i * 0.1;
            Assert.Equal(ScipyKolmogorov[i], KolmogorovDistribution.Survival(x), 1e-12);
            Assert.Equal(ScipyKolmogorovComplement[i], KolmogorovDistribution.Cdf(x), 1e-12);
            if (ScipyKolmogorovComplement[i] > 0)
            {
                Assert.Equal(1.0, KolmogorovDistribution.Cdf(x) / ScipyKolmogorovComplement[i], 1e-9);
            }
        }

        // TestKolmogorov.test_basic: the median of K.
        Assert.Equal(0.5, KolmogorovDistribution.Survival(0.8275735551899077), 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(50)]
    public void Exact_cdf_matches_closed_forms_at_both_ends(int n)
    {
        // scipy test_distributions.py TestKSTwo.test_cdf / test_sf: P(Dn <= 1/n) = n!/n^n, P(Dn >= 1 - 1/n) = 2/n^n.
        var factorialOverPower = Math.Exp(MathNet.Numerics.SpecialFunctions.FactorialLn(n) - n * Math.Log(n));
        Assert.Equal(1.0, KolmogorovDistribution.ExactCdf(n, 1.0 / n + 1e-12) / factorialOverPower, 1e-8);
        // The survival is 1 − CDF, so it is accurate in absolute terms, not relative to tiny tails (the 1e-12 shift moves it by up to 4e-12).
        Assert.Equal(Math.Min(2 * Math.Pow(n, -n), 1), KolmogorovDistribution.ExactSurvival(n, 1 - 1.0 / n - 1e-12), 1e-10);

        Assert.Equal(0.0, KolmogorovDistribution.ExactCdf(n, 0.5 / n));
        Assert.Equal(1.0, KolmogorovDistribution.ExactCdf(n, 1));
    }

    [Theory]
    // scipy/special/tests/test_kolmogorov.py TestSmirnov.test_x_equals_0point5: smirnov(n, 0.5), the one-sided
    // tail; for d >= 1/2 the two one-sided events are disjoint, so P(Dn >= 1/2) = 2·smirnov(n, 1/2).
    [InlineData(3, 0.166666666667)]
    [InlineData(4, 0.09375)]
    [InlineData(5, 0.056)]
    [InlineData(6, 0.0327932098765)]
    [InlineData(7, 0.0191958707681)]
    [InlineData(8, 0.0112953186035)]
    [InlineData(9, 0.00661933257355)]
    public void Exact_survival_at_one_half_is_twice_the_one_sided_tail(int n, double smirnov)
    {
        Assert.Equal(2 * smirnov, KolmogorovDistribution.ExactSurvival(n, 0.5), 1e-11);
    }

    [Fact]
    public void Exact_distribution_approaches_the_limit_for_large_n()
    {
        // Kolmogorov's theorem: P(sqrt(n)·Dn > z) -> P(K > z); the finite-n tail is smaller and the gap
        // shrinks roughly like 1/sqrt(n).
        var z = 1.0;
        var limit = KolmogorovDistribution.Survival(z);
        var gap100 = limit - KolmogorovDistribution.ExactSurvival(100, z / 10);
        var gap400 = limit - KolmogorovDistribution.ExactSurvival(400, z / 20);
        Assert.InRange(gap100, 0, 0.03);
        Assert.InRange(gap400, 0, gap100 * 0.75);
    }
}
