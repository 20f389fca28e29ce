namespace Mlops.Statistics.Tests;

public class MultipleTestingCorrectionTests
{
    // Benjamini and Hochberg (1995), J. R. Statist. Soc. B 57(1), section 4.1: 15 p-values from a clinical trial.
    // At q = 0.05 the step-up procedure rejects the 4 smallest; Bonferroni (0.05/15 = 0.0033) rejects 3.
    private static readonly double[] PaperPValues =
        [0.0201, 0.0001, 0.3240, 0.0004, 0.0459, 0.0019, 0.0095, 0.4262, 0.0278, 0.5719, 0.0298, 0.6528, 0.0344, 0.7590, 1.000];

    [Fact]
    public void Benjamini_Hochberg_rejects_what_the_original_paper_rejects()
    {
        var result = MultipleTestingCorrection.BenjaminiHochberg(PaperPValues, 0.05);
        Assert.Equal(4, result.RejectedCount);
        var rejected = PaperPValues.Where((_, i) => result.Rejected[i]).Order().ToArray();
        Assert.Equal([0.0001, 0.0004, 0.0019, 0.0095], rejected);
    }

    [Fact]
    public void Bonferroni_rejects_what_the_original_paper_reports()
    {
        var result = MultipleTestingCorrection.Bonferroni(PaperPValues, 0.05);
        Assert.Equal(3, result.RejectedCount);
        Assert.Equal(0.0001 * 15, result.AdjustedPValues[1], 1e-15);
        Assert.Equal(1.0, result.AdjustedPValues[2]);
    }

    [Fact]
    public void Benjamini_Hochberg_adjusted_values_match_hand_computation()
    {
        // Sorted 0.01, 0.03, 0.04, 0.2 (m = 4): m·p/rank = 0.04, 0.06, 0.0533, 0.2; running minimum from the top
        // gives 0.04, 0.0533, 0.0533, 0.2 (R: p.adjust(c(0.01, 0.04, 0.03, 0.2), "BH")).
        var result = MultipleTestingCorrection.BenjaminiHochberg([0.01, 0.04, 0.03, 0.2], 0.05);
        Assert.Equal(0.04, result.AdjustedPValues[0], 1e-15);
        Assert.Equal(0.16 / 3, result.AdjustedPValues[1], 1e-15);
        Assert.Equal(0.16 / 3, result.AdjustedPValues[2], 1e-15);
        Assert.Equal(0.2, result.AdjustedPValues[3], 1e-15);
        Assert.Equal([true, false, false, false], result.Rejected.ToArray());
    }

    [Fact]
    public void Benjamini_Hochberg_adjusted_values_are_monotone_in_the_raw_p_values()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var p = Enumerable.Range(0, 1 + random.Next(60))
                .Select(_ => random.NextDouble() < 0.3 ? random.NextDouble() * 0.01 : random.NextDouble())
                .ToArray();
            var adjusted = MultipleTestingCorrection.BenjaminiHochberg(p, 0.1).AdjustedPValues;
            var order = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ToArray();
            for (var k = 1; k < order.Length; k++)
            {
                Assert.True(adjusted[order[k]] >= adjusted[order[k - 1]]);
            }

            for (var i = 0; i < p.Length; i++)
            {
                Assert.InRange(adjusted[i], p[i], 1.0);
            }

            // The step-up rule stated directly: reject the i smallest for the largest i with p(i) <= i·alpha/m.
            var sorted = p.Order().ToArray();
            var largest = Enumerable.Range(1, p.Length).LastOrDefault(i => sorted[i - 1] <= i * 0.1 / p.Length);
            Assert.Equal(largest, MultipleTestingCorrection.BenjaminiHochberg(p, 0.1).RejectedCount);
        }
    }

    [Fact]
    public void Invalid_p_values_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => MultipleTestingCorrection.BenjaminiHochberg([0.5, 1.5], 0.05));
        Assert.Throws<ArgumentException>(() => MultipleTestingCorrection.Bonferroni([double.NaN], 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => MultipleTestingCorrection.Bonferroni([0.5], 0));
    }
}
