namespace Mlops.Training.Configs;

/// <summary>A config that cannot run, with every problem found (not just the first).</summary>
public sealed class ConfigException(IReadOnlyList<string> problems)
    : Exception($"The config is not valid: {string.Join("; ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
