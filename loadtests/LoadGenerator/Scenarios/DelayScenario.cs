using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>Waits a fixed time, optionally failing every n-th call: a stand-in server for self-tests.</summary>
public static class DelayScenario
{
    public static ScenarioDefinition Definition { get; } = new(
        "delay",
        "waits --set delay=<duration> (default 1ms); --set fail-every=<n> fails every n-th call with status Unavailable",
        settings => Create(settings.GetDuration("delay", TimeSpan.FromMilliseconds(1)), settings.GetInt("fail-every", 0)));

    public static Scenario Create(TimeSpan delay, int failEvery = 0) => new("delay", async (context, cancellationToken) =>
    {
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        return failEvery > 0 && (context.InvocationNumber + 1) % failEvery == 0
            ? StepResult.Fail("Unavailable")
            : StepResult.Ok();
    });
}
