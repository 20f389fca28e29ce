namespace Mlops.Statistics;

/// <summary>
/// The outcome of a Pearson chi-squared test. <see cref="Statistic"/>, <see cref="DegreesOfFreedom"/> and
/// <see cref="PValue"/> are null when <see cref="Status"/> is <see cref="TestStatus.InsufficientData"/>.
/// </summary>
public sealed record ChiSquaredResult
{
    /// <summary>Whether a statistic and p-value were computed.</summary>
    public required TestStatus Status { get; init; }

    /// <summary>Σ (observed − expected)² / expected; +∞ when a count falls in a category whose expected proportion is 0.</summary>
    public double? Statistic { get; init; }

    /// <summary>Number of categories that entered the test minus one (categories that are empty by construction are left out).</summary>
    public int? DegreesOfFreedom { get; init; }

    /// <summary>P(χ² ≥ statistic) under the null hypothesis.</summary>
    public double? PValue { get; init; }

    /// <summary>
    /// The smallest expected count among the categories used. Below about 5 the chi-squared approximation of the
    /// p-value becomes unreliable (Cochran's rule); merge rare categories in that case.
    /// </summary>
    public double? MinimumExpectedCount { get; init; }

    /// <summary>Total count of the first (or only) count vector.</summary>
    public required long SampleSizeA { get; init; }

    /// <summary>Total count of the second count vector; 0 for goodness of fit.</summary>
    public required long SampleSizeB { get; init; }

    /// <summary>The minimum sample size the test was run with.</summary>
    public required int MinimumSampleSize { get; init; }

    /// <summary>True when the test was computed and its p-value is at most <paramref name="alpha"/>.</summary>
    public bool RejectsNullAt(double alpha) => Status == TestStatus.Computed && PValue <= alpha;
}
