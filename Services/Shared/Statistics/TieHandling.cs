namespace Mlops.Statistics;

/// <summary>How the exact two-sample Kolmogorov-Smirnov p-value treats tied observations.</summary>
public enum TieHandling
{
    /// <summary>
    /// Exact permutation p-value conditional on the observed tie pattern (Schröer and Trenkler, 1995; R's
    /// ks.test since 4.3). Without ties it equals <see cref="AssumeContinuous"/>.
    /// </summary>
    Conditional,

    /// <summary>
    /// The p-value of the continuous-data null distribution evaluated at the observed D, as scipy's
    /// ks_2samp does. Conservative (too large) when there are ties.
    /// </summary>
    AssumeContinuous,
}
