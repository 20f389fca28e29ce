using System.Globalization;

namespace Mlops.LoadGenerator.Thresholds;

/// <summary>A threshold checked against a run; <see cref="Actual"/> is null when its scenario did not run.</summary>
public sealed record ThresholdOutcome(Threshold Threshold, double? Actual, bool Passed)
{
    /// <summary>The measured value in the threshold's own terms (latency in ms).</summary>
    public string ActualText => Actual is not { } value
        ? $"no scenario '{Threshold.Scenario}'"
        : Threshold.IsLatency
            ? (value / 1000).ToString("0.###", CultureInfo.InvariantCulture) + " ms"
            : value.ToString("0.###", CultureInfo.InvariantCulture);
}
