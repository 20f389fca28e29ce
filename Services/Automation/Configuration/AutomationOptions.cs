namespace Mlops.Automation.Configuration;

/// <summary>Settings of the automation service, bound from the "Automation" configuration section.</summary>
public sealed class AutomationOptions
{
    public const string Section = "Automation";

    /// <summary>The rules file; the nearest configs/automations.yml when unset.</summary>
    public string RulesFile { get; set; } = "";

    /// <summary>The training configs a rule may name; the nearest configs/ folder when unset.</summary>
    public string ConfigRoot { get; set; } = "";

    /// <summary>How often the services' own lists are read back for events that did not arrive (Redis down, restart).</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the training jobs the rules submitted are checked for their end.</summary>
    public TimeSpan JobCheckInterval { get; set; } = TimeSpan.FromSeconds(2);
}
