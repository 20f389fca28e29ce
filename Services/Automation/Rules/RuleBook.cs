namespace Mlops.Automation.Rules;

/// <summary>
/// The rules in force. A reload that finds problems is refused and the last good rules stay; the problems are
/// kept so a person can see why. Enabling or disabling a rule is the user's choice and outlives reloads.
/// </summary>
public sealed class RuleBook(RuleLoader loader, string path, IRuleSwitches switches)
{
    private readonly Lock gate = new();
    private RuleSet current = RuleSet.Empty;
    private IReadOnlyList<string> refused = [];

    public string Path { get; } = path;

    public IReadOnlyList<string> RefusedProblems
    {
        get
        {
            lock (gate)
            {
                return refused;
            }
        }
    }

    public RuleSet Current
    {
        get
        {
            lock (gate)
            {
                var set = current;
                return set with { Rules = [.. set.Rules.Select(rule => switches.IsEnabled(rule.Name) is { } enabled ? rule with { Enabled = enabled } : rule)] };
            }
        }
    }

    /// <summary>Reads the file again: the new rules when they are valid, else the problems (and the old rules stay).</summary>
    public IReadOnlyList<string> Reload()
    {
        try
        {
            var loaded = loader.LoadFile(Path);
            lock (gate)
            {
                current = loaded;
                refused = [];
            }

            return [];
        }
        catch (RuleException error)
        {
            lock (gate)
            {
                refused = error.Problems;
            }

            return error.Problems;
        }
    }

    public AutomationRule SetEnabled(string name, bool enabled)
    {
        var rule = Current.Find(name) ?? throw new KeyNotFoundException(
            $"There is no rule '{name}' (rules: {string.Join(", ", Current.Rules.Select(r => r.Name))}).");
        switches.SetEnabled(name, enabled);
        return rule with { Enabled = enabled };
    }
}

/// <summary>Where a person's enable/disable choices are kept.</summary>
public interface IRuleSwitches
{
    bool? IsEnabled(string rule);

    void SetEnabled(string rule, bool enabled);
}
