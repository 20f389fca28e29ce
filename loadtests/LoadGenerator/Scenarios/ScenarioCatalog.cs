using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>The named scenarios the command line offers. A new scenario is one file plus one line in <see cref="BuiltIn"/>.</summary>
public sealed class ScenarioCatalog
{
    private readonly Dictionary<string, ScenarioDefinition> _byName;

    public ScenarioCatalog(IEnumerable<ScenarioDefinition> definitions)
    {
        _byName = definitions.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
    }

    public static ScenarioCatalog BuiltIn { get; } = new(
    [
        NoopScenario.Definition,
        DelayScenario.Definition,
        PredictScenario.Definition,
        PredictBatchScenario.Definition,
        PredictStreamScenario.Definition,
        ModelInferScenario.Definition,
    ]);

    public IEnumerable<ScenarioDefinition> All => _byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal);

    /// <exception cref="KeyNotFoundException">No scenario has that name; the message lists those that exist.</exception>
    public Scenario Create(string name, ScenarioSettings settings) => _byName.TryGetValue(name, out var definition)
        ? definition.Create(settings)
        : throw new KeyNotFoundException($"No scenario named '{name}'. Known: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}.");
}
