using Mlops.Storage;

namespace Mlops.Training.Configs;

/// <summary>
/// Turns a <see cref="ConfigRequest"/> into a <see cref="ResolvedTrainingConfig"/>, like Hydra: the config's
/// <c>defaults:</c> pick one file per config group (e.g. <c>model: default</c>), which is merged first; the
/// config's own keys come next, then key=value overrides; keys nobody set take the schema's default.
/// Group choices are overridden like keys (<c>model=small</c>). Every problem is collected before failing.
/// </summary>
public sealed class ConfigResolver(ConfigCatalog catalog)
{
    public const string DefaultConfigName = "default";
    private const string DefaultsKey = "defaults";

    /// <summary>The commit of the git repository the named configs come from, or "" outside one.</summary>
    public string ConfigRepositoryCommit() => GitRepository.HeadCommit(catalog.Root) ?? "";

    /// <exception cref="ConfigException">The config does not parse, names unknown keys or groups, or has values of the wrong type or out of range.</exception>
    public ResolvedTrainingConfig Resolve(ConfigRequest request)
    {
        var problems = new List<string>();
        var body = ReadBody(request);
        var groups = catalog.Groups();
        var choices = ReadDefaults(body, groups, problems);
        var keyOverrides = new List<(string Key, string Value)>();
        foreach (var text in request.Overrides)
        {
            var equals = text.IndexOf('=');
            var key = equals > 0 ? text[..equals].Trim() : "";
            if (key.Length == 0)
            {
                problems.Add($"override '{text}' must be key=value (e.g. epochs=5 or model=small)");
                continue;
            }
            var value = text[(equals + 1)..].Trim();
            if (groups.ContainsKey(key))
            {
                choices[key] = value;
            }
            else
            {
                keyOverrides.Add((key, value));
            }
        }

        var flat = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (group, choice) in choices)
        {
            if (catalog.ReadGroupChoice(group, choice) is not { } text)
            {
                problems.Add($"config group '{group}' has no choice '{choice}' (choices: {string.Join(", ", groups[group])})");
                continue;
            }
            Collect(() => Flatten(YamlTree.ParseMapping(text, $"{group}/{choice}.yaml"), "", flat, problems), problems);
        }
        Flatten(body, "", flat, problems);
        foreach (var (key, value) in keyOverrides)
        {
            if (ConfigSchema.Find(key) is null)
            {
                problems.Add($"override '{key}': {UnknownKey(key)}");
            }
            else
            {
                flat[key] = YamlTree.ParseValue(value);
            }
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var key in ConfigSchema.Keys)
        {
            if (!flat.TryGetValue(key.Path, out var raw))
            {
                values[key.Path] = key.Default;
                continue;
            }
            var (value, problem) = key.Convert(raw);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else
            {
                values[key.Path] = value!;
            }
        }

        if (problems.Count == 0)
        {
            Collect(() => TrainingConfig.From(new ResolvedTrainingConfig(values, "", "")).Options.Validate(), problems);
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(problems);
        }

        var yaml = ConfigYaml.Write(values);
        return new ResolvedTrainingConfig(values, yaml, Sha256Hex.Of(System.Text.Encoding.UTF8.GetBytes(yaml)));
    }

    private Dictionary<string, object?> ReadBody(ConfigRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Yaml))
        {
            return YamlTree.ParseMapping(request.Yaml, "the config YAML");
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? DefaultConfigName : request.Name.Trim();
        var text = catalog.ReadConfig(name)
            ?? throw new ConfigException([$"there is no config '{name}' (configs: {string.Join(", ", catalog.ConfigNames())})"]);
        return YamlTree.ParseMapping(text, $"{name}.yaml");
    }

    private static Dictionary<string, string> ReadDefaults(
        Dictionary<string, object?> body, IReadOnlyDictionary<string, IReadOnlyList<string>> groups, List<string> problems)
    {
        var choices = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!body.Remove(DefaultsKey, out var defaults) || defaults is null)
        {
            return choices;
        }

        IEnumerable<KeyValuePair<string, object?>> entries = defaults switch
        {
            Dictionary<string, object?> mapping => mapping,
            List<object?> list => list.SelectMany<object?, KeyValuePair<string, object?>>(item => item is Dictionary<string, object?> entry
                ? entry
                : [new KeyValuePair<string, object?>(item?.ToString() ?? "", null)]),
            _ => [],
        };
        if (defaults is not (Dictionary<string, object?> or List<object?>))
        {
            problems.Add("defaults must be a list of group choices like '- model: default'");
        }

        foreach (var (group, choice) in entries)
        {
            if (!groups.ContainsKey(group))
            {
                problems.Add($"defaults: there is no config group '{group}' (groups: {string.Join(", ", groups.Keys)})");
            }
            else if (choice is not string name)
            {
                problems.Add($"defaults: group '{group}' needs one choice (one of {string.Join(", ", groups[group])})");
            }
            else
            {
                choices[group] = name;
            }
        }
        return choices;
    }

    private static void Flatten(Dictionary<string, object?> mapping, string prefix, Dictionary<string, object?> flat, List<string> problems)
    {
        foreach (var (key, value) in mapping)
        {
            var path = prefix + key;
            if (ConfigSchema.Find(path) is not null)
            {
                flat[path] = value;
            }
            else if (ConfigSchema.IsSection(path) && value is Dictionary<string, object?> section)
            {
                Flatten(section, path + ".", flat, problems);
            }
            else if (ConfigSchema.IsSection(path))
            {
                problems.Add($"{path} is a section: give its keys ({string.Join(", ", KeysUnder(path))}), not a value");
            }
            else
            {
                problems.Add(UnknownKey(path));
            }
        }
    }

    private static string UnknownKey(string path)
    {
        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? "" : path[..dot];
        var siblings = dot < 0
            ? ConfigSchema.Keys.Select(k => k.Path.Split('.')[0]).Distinct()
            : ConfigSchema.IsSection(parent) ? KeysUnder(parent) : [];
        var known = siblings.ToList();
        return known.Count == 0
            ? $"unknown key '{path}'"
            : $"unknown key '{path}' (known {(dot < 0 ? "top-level keys" : $"keys in {parent}")}: {string.Join(", ", known)})";
    }

    private static IEnumerable<string> KeysUnder(string section) =>
        ConfigSchema.Keys.Where(k => k.Path.StartsWith(section + ".", StringComparison.Ordinal))
            .Select(k => k.Path[(section.Length + 1)..].Split('.')[0]).Distinct();

    private static void Collect(Action action, List<string> problems)
    {
        try
        {
            action();
        }
        catch (ConfigException e)
        {
            problems.AddRange(e.Problems);
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message);
        }
    }
}
