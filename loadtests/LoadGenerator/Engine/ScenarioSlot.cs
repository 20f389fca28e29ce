using Mlops.LoadGenerator.Measurement;

namespace Mlops.LoadGenerator.Engine;

internal sealed record ScenarioSlot(Scenario Scenario, ScenarioMeter Meter);
