using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>A scenario the command line can name: how to build it from the run's settings.</summary>
public sealed record ScenarioDefinition(string Name, string Description, Func<ScenarioSettings, Scenario> Create);
