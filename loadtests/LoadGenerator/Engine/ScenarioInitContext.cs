namespace Mlops.LoadGenerator.Engine;

/// <summary>Passed to a scenario's init: where to connect and where to write notes.</summary>
public sealed class ScenarioInitContext(string scenarioName, Uri target, TextWriter log)
{
    public string ScenarioName { get; } = scenarioName;

    public Uri Target { get; } = target;

    public TextWriter Log { get; } = log;
}
