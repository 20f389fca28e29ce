namespace Mlops.Training.Configs;

/// <summary>What a user asks to run: a config by name or as a YAML document, plus key=value overrides and group choices.</summary>
public sealed record ConfigRequest(string? Name, string? Yaml, IReadOnlyList<string> Overrides)
{
    public static ConfigRequest Named(string name, params string[] overrides) => new(name, null, overrides);

    public static ConfigRequest FromYaml(string yaml, params string[] overrides) => new(null, yaml, overrides);

    public ConfigRequest WithOverrides(IEnumerable<string> more) => this with { Overrides = [.. Overrides, .. more] };
}
