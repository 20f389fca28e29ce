namespace Mlops.Automation.Rules;

/// <summary>Which events fire a rule: the kind, and optional filters (empty matches any).</summary>
public sealed record RuleTrigger(
    TriggerKind Kind,
    string Dataset = "",
    string Model = "",
    string AlertName = "",
    int MinConsecutiveWindows = 0);

/// <summary>What a rule does: a training config with overrides, or a promotion to an alias.</summary>
public sealed record RuleAction(
    ActionKind Kind,
    string Config = "",
    IReadOnlyList<string>? Overrides = null,
    string Model = "",
    string Dataset = "",
    string Alias = "production")
{
    public IReadOnlyList<string> OverrideList => Overrides ?? [];
}

/// <summary>One rule of the rules file, validated.</summary>
public sealed record AutomationRule(
    string Name,
    RuleTrigger Trigger,
    RuleAction Action,
    TimeSpan Cooldown,
    bool DryRun,
    bool Enabled)
{
    /// <summary>The model this rule's action acts on or produces, when it names one.</summary>
    public string ActionModel => Action.Model.Length > 0 ? Action.Model : Trigger.Model;
}
