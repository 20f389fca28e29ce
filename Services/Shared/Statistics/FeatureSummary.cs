using System.Collections.Immutable;

namespace Mlops.Statistics;

/// <summary>
/// One feature's profile: moments, range, histogram and a uniform reservoir of raw values.
/// Statistics of an empty summary (Count = 0) are NaN.
/// </summary>
public sealed record FeatureSummary
{
    /// <summary>Non-missing values summarised.</summary>
    public required long Count { get; init; }

    /// <summary>NaN values seen (not part of any other statistic).</summary>
    public required long MissingCount { get; init; }

    /// <summary>Arithmetic mean.</summary>
    public required double Mean { get; init; }

    /// <summary>Sample variance (n − 1 denominator); NaN below two values.</summary>
    public required double Variance { get; init; }

    /// <summary>Square root of <see cref="Variance"/>.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>Smallest value.</summary>
    public required double Min { get; init; }

    /// <summary>Largest value.</summary>
    public required double Max { get; init; }

    /// <summary>Equal-width histogram over the configured range.</summary>
    public required HistogramSnapshot Histogram { get; init; }

    /// <summary>A uniform random sample of the values, for two-sample tests against live data.</summary>
    public required ImmutableArray<double> Reservoir { get; init; }
}
