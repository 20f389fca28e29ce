using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Measurement;

public sealed record RunResult(
    DateTimeOffset StartedAt,
    TimeSpan LoadDuration,
    Uri Target,
    IReadOnlyList<LoadSimulation> Simulations,
    IReadOnlyList<ScenarioStats> Scenarios,
    ScenarioStats Total);
