namespace Mlops.Automation.Rules;

/// <summary>What a rule does when it fires; the names are the ones written in the rules file.</summary>
public enum ActionKind
{
    /// <summary>Submit a training job pinned to the event's dataset version, or to the newest version of the action's dataset.</summary>
    Train,

    /// <summary>Run the promotion gate on the registered version and move the alias when it passes.</summary>
    Promote,

    /// <summary>Retrain on the newest dataset version the production model was not trained on.</summary>
    RetrainOnDrift,
}

public static class ActionKinds
{
    public static readonly IReadOnlyDictionary<string, ActionKind> ByName = new Dictionary<string, ActionKind>(StringComparer.Ordinal)
    {
        ["train"] = ActionKind.Train,
        ["promote"] = ActionKind.Promote,
        ["retrain_on_drift"] = ActionKind.RetrainOnDrift,
    };

    public static string Name(this ActionKind kind) => ByName.First(entry => entry.Value == kind).Key;

    /// <summary>The event an action causes when it succeeds: the edges along which rules can fire each other.</summary>
    public static TriggerKind? Causes(this ActionKind kind) => kind switch
    {
        ActionKind.Train or ActionKind.RetrainOnDrift => TriggerKind.ModelRegistered,
        ActionKind.Promote => TriggerKind.ModelPromoted,
        _ => null,
    };
}
