namespace Mlops.Statistics;

/// <summary>A multiple-testing correction.</summary>
public enum CorrectionMethod
{
    /// <summary>Bonferroni: controls the family-wise error rate; adjusted p = min(1, m·p).</summary>
    Bonferroni,

    /// <summary>Benjamini-Hochberg step-up: controls the false discovery rate for independent or positively dependent tests.</summary>
    BenjaminiHochberg,
}
