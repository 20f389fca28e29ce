namespace Mlops.Statistics;

/// <summary>How a Kolmogorov-Smirnov p-value is computed.</summary>
public enum KolmogorovSmirnovPValueMethod
{
    /// <summary>
    /// Exact when the samples are small enough (two-sample: both ≤ 10 000, as scipy's method='auto';
    /// one-sample: n &lt; 100, as R's ks.test), asymptotic otherwise.
    /// </summary>
    Auto,

    /// <summary>The exact null distribution (costly for very large samples).</summary>
    Exact,

    /// <summary>The limiting Kolmogorov distribution of sqrt(n_eff)·D.</summary>
    Asymptotic,
}
