using System.Collections.Immutable;

namespace Mlops.Statistics;

/// <summary>Adjusted p-values and rejections, in the order the p-values were given.</summary>
public sealed record MultipleTestingResult(
    CorrectionMethod Method,
    double Alpha,
    ImmutableArray<double> AdjustedPValues,
    ImmutableArray<bool> Rejected)
{
    /// <summary>How many null hypotheses are rejected at <see cref="Alpha"/>.</summary>
    public int RejectedCount => Rejected.Count(rejected => rejected);
}
