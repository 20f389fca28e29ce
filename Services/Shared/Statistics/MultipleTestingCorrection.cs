using System.Collections.Immutable;

namespace Mlops.Statistics;

/// <summary>
/// Corrections for testing many features at once (p.adjust in R, scipy.stats.false_discovery_control).
/// A hypothesis is rejected when its adjusted p-value is at most alpha. Pass only the p-values of tests that
/// were computed; tests with insufficient data are not hypotheses that were tested.
/// </summary>
public static class MultipleTestingCorrection
{
    /// <summary>Bonferroni: adjusted p = min(1, m·p).</summary>
    public static MultipleTestingResult Bonferroni(ReadOnlySpan<double> pValues, double alpha)
    {
        Validate(pValues, alpha);
        var adjusted = new double[pValues.Length];
        for (var i = 0; i < pValues.Length; i++)
        {
            adjusted[i] = Math.Min(1, pValues[i] * pValues.Length);
        }

        return Build(CorrectionMethod.Bonferroni, alpha, adjusted);
    }

    /// <summary>
    /// Benjamini-Hochberg: with p₍₁₎ ≤ … ≤ p₍ₘ₎, adjusted p₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎ / j).
    /// Rejecting adjusted p ≤ alpha is the step-up rule: reject the i smallest, for the largest i with p₍ᵢ₎ ≤ i·alpha/m.
    /// </summary>
    public static MultipleTestingResult BenjaminiHochberg(ReadOnlySpan<double> pValues, double alpha)
    {
        Validate(pValues, alpha);
        var m = pValues.Length;
        var order = new int[m];
        var sorted = pValues.ToArray();
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);
        var adjusted = new double[m];
        var runningMinimum = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            runningMinimum = Math.Min(runningMinimum, sorted[rank - 1] * ((double)m / rank));
            adjusted[order[rank - 1]] = runningMinimum;
        }

        return Build(CorrectionMethod.BenjaminiHochberg, alpha, adjusted);
    }

    private static MultipleTestingResult Build(CorrectionMethod method, double alpha, double[] adjusted)
    {
        var rejected = new bool[adjusted.Length];
        for (var i = 0; i < adjusted.Length; i++)
        {
            rejected[i] = adjusted[i] <= alpha;
        }

        return new MultipleTestingResult(
            method, alpha, ImmutableArray.Create(adjusted), ImmutableArray.Create(rejected));
    }

    private static void Validate(ReadOnlySpan<double> pValues, double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in (0, 1).");
        }

        foreach (var p in pValues)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"p-values must lie in [0, 1]; got {p}.", nameof(pValues));
            }
        }
    }
}
