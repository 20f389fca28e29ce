namespace Mlops.LoadGenerator.Engine;

/// <summary>
/// A named unit of load: an async step run over and over. The weight decides its share of the
/// simulation's copies (closed model) or requests (open model) when several scenarios run together.
/// </summary>
public sealed record Scenario(string Name, Func<ScenarioContext, CancellationToken, Task<StepResult>> Step)
{
    public int Weight { get; init; } = 1;

    /// <summary>Runs once before any load, e.g. to open a gRPC channel the step then uses.</summary>
    public Func<ScenarioInitContext, CancellationToken, Task>? Init { get; init; }

    /// <summary>Runs once after the load, even when the run failed.</summary>
    public Func<CancellationToken, Task>? Clean { get; init; }

    /// <summary>How long to run the step before measuring (JIT, connection pools, caches); not recorded.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;
}
