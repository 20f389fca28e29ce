namespace Mlops.LoadGenerator.Thresholds;

public enum ThresholdMetric
{
    Count,
    Ok,
    Fail,
    FailPercent,
    Rps,
    Min,
    Mean,
    P50,
    P75,
    P95,
    P99,
    Max,
    Dropped,
    DroppedPercent,
    Late,
}

public enum ThresholdOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}
