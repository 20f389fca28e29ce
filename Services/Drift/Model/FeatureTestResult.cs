namespace Mlops.Drift.Model;

/// <summary>One test of a window against the reference: a feature, a softmax output or the predicted classes.</summary>
public sealed class FeatureTestResult
{
    public required string Feature { get; init; }

    /// <summary>"ks", "chi-squared".</summary>
    public required string Test { get; init; }

    public double Statistic { get; set; }

    public double PValue { get; set; }

    /// <summary>After the multiple-testing correction.</summary>
    public double AdjustedPValue { get; set; }

    public double WassersteinDistance { get; set; }

    public double Psi { get; set; }

    public DriftVerdict Verdict { get; set; }

    public Histogram? Reference { get; init; }

    public Histogram? Current { get; init; }

    public long ReferenceCount { get; init; }

    public long CurrentCount { get; init; }

    /// <summary>How the p-value was computed, or why there is none.</summary>
    public string Note { get; set; } = "";
}
