namespace Mlops.LoadGenerator.Engine;

/// <summary>What a step knows about the invocation it is running.</summary>
public sealed class ScenarioContext(string scenarioName, Uri target, long invocationNumber, bool isWarmUp, long originTimestamp)
{
    public string ScenarioName { get; } = scenarioName;

    public Uri Target { get; } = target;

    /// <summary>Zero-based count of invocations of this scenario in the current run (or warm-up).</summary>
    public long InvocationNumber { get; } = invocationNumber;

    public bool IsWarmUp { get; } = isWarmUp;

    /// <summary>
    /// When the step's latency clock started (<see cref="System.Diagnostics.Stopwatch"/> ticks): in the open model its
    /// scheduled time, which is earlier than now when the generator released it late.
    /// </summary>
    public long OriginTimestamp { get; } = originTimestamp;
}
