namespace Mlops.Automation.Rules;

/// <summary>Reads and validates a rules file against the training configs in a folder; every problem is reported at once.</summary>
public sealed class RuleLoader(string configRoot)
{
    public IReadOnlySet<string> ConfigNames() =>
        Directory.Exists(configRoot)
            ? Directory.EnumerateFiles(configRoot, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    public RuleSet LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new RuleException([$"there is no rules file at {path}"]);
        }

        return Load(File.ReadAllText(path), path);
    }

    public RuleSet Load(string yaml, string source)
    {
        var problems = new List<string>();
        var rules = RuleFileParser.Parse(yaml, problems);
        RuleValidator.Validate(rules, ConfigNames(), problems);
        return problems.Count > 0 ? throw new RuleException(problems) : new RuleSet(source, rules);
    }
}
