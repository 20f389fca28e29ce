namespace Mlops.Statistics;

/// <summary>
/// The outcome of a Kolmogorov-Smirnov test. <see cref="Statistic"/> and <see cref="PValue"/> are null when
/// <see cref="Status"/> is <see cref="TestStatus.InsufficientData"/>.
/// </summary>
public sealed record KolmogorovSmirnovResult
{
    /// <summary>Whether a statistic and p-value were computed.</summary>
    public required TestStatus Status { get; init; }

    /// <summary>D, the largest absolute distance between the two (empirical) CDFs.</summary>
    public double? Statistic { get; init; }

    /// <summary>P(D ≥ observed D) under the null hypothesis of equal distributions.</summary>
    public double? PValue { get; init; }

    /// <summary>The method actually used for <see cref="PValue"/> (never Auto).</summary>
    public KolmogorovSmirnovPValueMethod? PValueMethod { get; init; }

    /// <summary>Whether the pooled sample contains tied values.</summary>
    public bool HasTies { get; init; }

    /// <summary>
    /// True when <see cref="PValue"/> is the exact permutation p-value conditional on the observed ties; false when
    /// it treats the data as continuous (no ties, <see cref="TieHandling.AssumeContinuous"/>, or asymptotic).
    /// </summary>
    public bool PValueConditionalOnTies { get; init; }

    /// <summary>Size of the first (or only) sample.</summary>
    public required int SampleSizeA { get; init; }

    /// <summary>Size of the second sample; 0 for a one-sample test.</summary>
    public required int SampleSizeB { get; init; }

    /// <summary>The minimum sample size the test was run with.</summary>
    public required int MinimumSampleSize { get; init; }

    /// <summary>True when the test was computed and its p-value is at most <paramref name="alpha"/>.</summary>
    public bool RejectsNullAt(double alpha) => Status == TestStatus.Computed && PValue <= alpha;
}
