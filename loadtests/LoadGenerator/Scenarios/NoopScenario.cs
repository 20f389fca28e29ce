using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>Does nothing: measures the load generator's own overhead.</summary>
public static class NoopScenario
{
    public static ScenarioDefinition Definition { get; } = new("noop", "returns at once; measures the generator's own overhead", _ => Create());

    private static readonly Task<StepResult> Done = Task.FromResult(StepResult.Ok());

    public static Scenario Create() => new("noop", (_, _) => Done);
}
