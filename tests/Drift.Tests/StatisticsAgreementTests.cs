using Mlops.Drift.Configuration;
using Mlops.Drift.Detection;
using Mlops.Drift.Model;
using Mlops.Drift.References;
using Mlops.Statistics;

namespace Mlops.Drift.Tests;

/// <summary>The numbers in a drift report agree with values worked out independently of the Statistics library.</summary>
public sealed class StatisticsAgreementTests
{
    [Fact]
    public void Ks_statistic_and_exact_p_value_match_a_hand_computation()
    {
        // Reference 0, 1/40, ..., 39/40; current the same shifted by 10.5/40: no ties, and the largest gap between the two
        // empirical CDFs is just below the first current value, where 11 of 40 reference values and none of the current lie.
        var reference = Enumerable.Range(0, 40).Select(i => i / 40.0).ToArray();
        var current = Enumerable.Range(0, 40).Select(i => (i + 10.5) / 40.0).ToArray();
        var report = new WindowAnalyzer(new DetectionOptions()).Analyze(
            HandBuiltWindow.Reference(reference, [30, 50, 20]), HandBuiltWindow.Window(current, [0, 1, 2]));

        var ks = report.Tests.Single(test => test.Feature == "x");
        Assert.Equal("ks", ks.Test);
        Assert.Equal(11.0 / 40, ks.Statistic, 12);
        Assert.Equal(ExactSmirnovPValue(40, 40, 11), ks.PValue, 1e-6);
        Assert.Equal("exact p-value", ks.Note);
        // Every value of the current window is 10.5/40 above its reference partner, so the transport cost is exactly that.
        Assert.Equal(10.5 / 40, ks.WassersteinDistance, 12);
    }

    [Fact]
    public void Chi_squared_on_the_predicted_classes_matches_a_hand_computation()
    {
        // Reference predicted 30/50/20 of classes a/b/c; the window 20/25/35. Expected counts are row total x column total / 180.
        var labels = Enumerable.Repeat(0, 20).Concat(Enumerable.Repeat(1, 25)).Concat(Enumerable.Repeat(2, 35)).ToArray();
        var report = new WindowAnalyzer(new DetectionOptions()).Analyze(
            HandBuiltWindow.Reference(Enumerable.Range(0, 40).Select(i => i / 40.0).ToArray(), [30, 50, 20]),
            HandBuiltWindow.Window([], labels));

        var chi = report.Tests.Single(test => test.Feature == OutputNames.PredictedClass);
        Assert.Equal("chi-squared", chi.Test);
        // sum (o - e)^2 / e over the 2x3 table, computed by hand (and with Python's floats: 12.354545454545459).
        Assert.Equal(12.354545454545459, chi.Statistic, 1e-9);
        // With 2 degrees of freedom the chi-squared survival function is exp(-x/2); MathNet gives the same.
        Assert.Equal(Math.Exp(-12.354545454545459 / 2), chi.PValue, 1e-9);
        Assert.Equal(1 - MathNet.Numerics.Distributions.ChiSquared.CDF(2, chi.Statistic), chi.PValue, 1e-9);
        Assert.Equal(PopulationStabilityIndex.Compute(new long[] { 30, 50, 20 }, new long[] { 20, 25, 35 }), chi.Psi, 12);
    }

    [Fact]
    public void Adjusted_p_values_and_the_drifted_share_follow_the_configured_correction()
    {
        var reference = Enumerable.Range(0, 40).Select(i => i / 40.0).ToArray();
        var current = Enumerable.Range(0, 40).Select(i => (i + 10.5) / 40.0).ToArray();
        foreach (var correction in new[] { "BenjaminiHochberg", "Bonferroni" })
        {
            var report = new WindowAnalyzer(new DetectionOptions { Correction = correction }).Analyze(
                HandBuiltWindow.Reference(reference, [30, 50, 20]), HandBuiltWindow.Window(current, [0, 1, 2]));

            var computed = report.Tests.Where(test => test.Verdict != DriftVerdict.NotEnoughData).ToList();
            var raw = computed.Select(test => test.PValue).ToArray();
            var expected = correction == "Bonferroni"
                ? MultipleTestingCorrection.Bonferroni(raw, 0.05)
                : MultipleTestingCorrection.BenjaminiHochberg(raw, 0.05);
            Assert.Equal(expected.AdjustedPValues, computed.Select(test => test.AdjustedPValue));
            Assert.Equal((double)expected.RejectedCount / computed.Count, report.DriftedShare, 12);
            Assert.All(computed, test => Assert.Equal(test.AdjustedPValue <= 0.05, test.Verdict == DriftVerdict.Drift));
        }
    }

    /// <summary>
    /// P(D ≥ k/n) for two samples of sizes m = n, by counting the monotone lattice paths from (0,0) to (m,n) that keep
    /// |i - j| &lt; k (the classic method, written here independently of the library's anti-diagonal algorithm).
    /// </summary>
    private static double ExactSmirnovPValue(int m, int n, int k)
    {
        var paths = new double[m + 1, n + 1];
        for (var i = 0; i <= m; i++)
        {
            for (var j = 0; j <= n; j++)
            {
                if (Math.Abs(i - j) >= k)
                {
                    paths[i, j] = 0;
                }
                else if (i == 0 && j == 0)
                {
                    paths[i, j] = 1;
                }
                else
                {
                    paths[i, j] = (i > 0 ? paths[i - 1, j] : 0) + (j > 0 ? paths[i, j - 1] : 0);
                }
            }
        }

        var all = 1.0;
        for (var i = 1; i <= m; i++)
        {
            all = all * (n + i) / i;
        }

        return 1 - paths[m, n] / all;
    }
}
