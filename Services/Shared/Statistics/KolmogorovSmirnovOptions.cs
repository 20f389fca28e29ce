namespace Mlops.Statistics;

/// <summary>Settings for <see cref="KolmogorovSmirnovTest"/>.</summary>
public sealed record KolmogorovSmirnovOptions
{
    /// <summary>The default minimum sample size for drift checks: below it a KS p-value has little power.</summary>
    public const int DefaultMinimumSampleSize = 30;

    /// <summary>A sample smaller than this yields <see cref="TestStatus.InsufficientData"/> instead of a p-value.</summary>
    public int MinimumSampleSize { get; init; } = DefaultMinimumSampleSize;

    /// <summary>How the p-value is computed.</summary>
    public KolmogorovSmirnovPValueMethod Method { get; init; } = KolmogorovSmirnovPValueMethod.Auto;

    /// <summary>How the exact two-sample p-value treats ties.</summary>
    public TieHandling Ties { get; init; } = TieHandling.Conditional;

    /// <summary>The defaults: minimum 30 per sample, automatic method, exact p-values conditional on ties.</summary>
    public static KolmogorovSmirnovOptions Default { get; } = new();
}
