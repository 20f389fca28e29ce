namespace Mlops.Automation.Rules;

/// <summary>A rules file that cannot be used, with every problem found (not just the first).</summary>
public sealed class RuleException(IReadOnlyList<string> problems)
    : Exception($"The automation rules are not valid: {string.Join("; ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
