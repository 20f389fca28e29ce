namespace Mlops.Drift.Model;

/// <summary>The outcome of one test or of a whole window; the member names are the metric and log labels.</summary>
public enum DriftVerdict
{
    /// <summary>Not tested (the reference could not be built).</summary>
    Unspecified,
    NoDrift,
    Drift,

    /// <summary>Too few samples for the test: no statistic or p-value is reported.</summary>
    NotEnoughData,
}
