namespace Mlops.Automation.Rules;

/// <summary>The rules in force, and where they were read from.</summary>
public sealed record RuleSet(string Source, IReadOnlyList<AutomationRule> Rules)
{
    public static readonly RuleSet Empty = new("(none)", []);

    public AutomationRule? Find(string name) => Rules.FirstOrDefault(rule => rule.Name == name);
}
