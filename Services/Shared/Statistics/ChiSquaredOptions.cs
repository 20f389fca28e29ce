namespace Mlops.Statistics;

/// <summary>Settings for <see cref="ChiSquaredTest"/>.</summary>
public sealed record ChiSquaredOptions
{
    /// <summary>The default minimum total count per count vector.</summary>
    public const int DefaultMinimumSampleSize = 30;

    /// <summary>A count vector whose total is below this yields <see cref="TestStatus.InsufficientData"/>.</summary>
    public int MinimumSampleSize { get; init; } = DefaultMinimumSampleSize;

    /// <summary>The defaults: at least 30 observations per count vector.</summary>
    public static ChiSquaredOptions Default { get; } = new();
}
