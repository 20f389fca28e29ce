namespace Mlops.Statistics;

/// <summary>Whether a hypothesis test produced a statistic and p-value.</summary>
public enum TestStatus
{
    /// <summary>The statistic and p-value were computed.</summary>
    Computed,

    /// <summary>A sample was smaller than the configured minimum; no statistic or p-value is reported.</summary>
    InsufficientData,
}
