namespace Mlops.Automation.Rules;

/// <summary>
/// What the rules must satisfy together and against the platform: each action fits its trigger, names a
/// training config that exists, and no chain of rules can fire itself forever (a cycle needs a cooldown).
/// </summary>
public static class RuleValidator
{
    public const string DatasetOverrideKey = "data.dataset";

    public static void Validate(IReadOnlyList<AutomationRule> rules, IReadOnlySet<string> configNames, List<string> problems)
    {
        foreach (var duplicate in rules.GroupBy(rule => rule.Name).Where(group => group.Count() > 1))
        {
            problems.Add($"rule '{duplicate.Key}': the name is used {duplicate.Count()} times; names must be unique");
        }

        foreach (var rule in rules)
        {
            ValidateAction(rule, configNames, problems);
        }

        foreach (var cycle in Cycles(rules))
        {
            problems.Add($"rules {string.Join(" -> ", cycle.Append(cycle[0]).Select(name => $"'{name}'"))} fire each other in a cycle " +
                "with no cooldown; give at least one of them a cooldown (e.g. cooldown: 30m) or narrow its trigger");
        }
    }

    private static void ValidateAction(AutomationRule rule, IReadOnlySet<string> configNames, List<string> problems)
    {
        var label = $"rule '{rule.Name}'";
        var action = rule.Action;
        var trigger = rule.Trigger.Kind;
        switch (action.Kind)
        {
            case ActionKind.Train when trigger != TriggerKind.DatasetVersion && action.Dataset.Length == 0:
                problems.Add($"{label}: 'train' on {trigger.Name()} needs `dataset:` in the action (its newest version is trained); only dataset_version brings its own version");
                break;
            case ActionKind.RetrainOnDrift when trigger is not (TriggerKind.DriftAlert or TriggerKind.PrometheusAlert):
                problems.Add($"{label}: 'retrain_on_drift' answers an alert, so it needs the drift_alert or prometheus_alert trigger, not {trigger.Name()}");
                break;
            case ActionKind.Promote when trigger != TriggerKind.ModelRegistered:
                problems.Add($"{label}: 'promote' gates a newly registered version, so it needs the model_registered trigger, not {trigger.Name()}");
                break;
        }

        if (action.Kind is ActionKind.Train or ActionKind.RetrainOnDrift)
        {
            if (action.Config.Length == 0)
            {
                problems.Add($"{label}: '{action.Kind.Name()}' needs `config:` (one of: {Names(configNames)})");
            }
            else if (!configNames.Contains(action.Config))
            {
                problems.Add($"{label}: there is no training config '{action.Config}' (configs: {Names(configNames)})");
            }

            foreach (var entry in action.OverrideList)
            {
                var equals = entry.IndexOf('=');
                if (equals <= 0)
                {
                    problems.Add($"{label}: override '{entry}' is not key=value");
                }
                else if (entry[..equals].Trim() == DatasetOverrideKey)
                {
                    problems.Add($"{label}: override '{entry}' sets {DatasetOverrideKey}, which the rule chooses itself");
                }
            }
        }

        if (action.Kind == ActionKind.RetrainOnDrift)
        {
            if (action.Dataset.Length == 0)
            {
                problems.Add($"{label}: 'retrain_on_drift' needs `dataset:` (the dataset whose newest version to train on)");
            }

            if (rule.ActionModel.Length == 0)
            {
                problems.Add($"{label}: 'retrain_on_drift' needs a model (`model:` in the trigger or the action) to find the production version");
            }
        }

        if (action.Kind == ActionKind.Promote && rule.Trigger.Model.Length == 0 && action.Model.Length > 0)
        {
            problems.Add($"{label}: 'promote' promotes the version that was registered; put `model:` in the trigger to choose which model");
        }
    }

    /// <summary>Each cycle of rules with no cooldown in which every rule's action causes the next one's trigger.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlyList<AutomationRule> rules)
    {
        var candidates = rules.Where(rule => rule.Cooldown == TimeSpan.Zero).ToList();
        var next = candidates.ToDictionary(rule => rule.Name, rule => candidates.Where(other => Fires(rule, other)).Select(other => other.Name).ToList());
        var cycles = new List<IReadOnlyList<string>>();
        var reported = new HashSet<string>();
        foreach (var start in candidates.Select(rule => rule.Name))
        {
            var path = new List<string> { start };
            if (FindPathBack(start, start, next, path, []) && path.All(reported.Add))
            {
                cycles.Add(path);
            }
        }

        return cycles;
    }

    private static bool FindPathBack(string start, string current, Dictionary<string, List<string>> next, List<string> path, HashSet<string> visited)
    {
        foreach (var target in next.GetValueOrDefault(current) ?? [])
        {
            if (target == start)
            {
                return true;
            }

            if (visited.Add(target))
            {
                path.Add(target);
                if (FindPathBack(start, target, next, path, visited))
                {
                    return true;
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        return false;
    }

    /// <summary>Whether a successful action of <paramref name="from"/> is an event that fires <paramref name="to"/>.</summary>
    private static bool Fires(AutomationRule from, AutomationRule to)
    {
        if (from.Action.Kind.Causes() != to.Trigger.Kind)
        {
            return false;
        }

        var produced = from.ActionModel;
        return produced.Length == 0 || to.Trigger.Model.Length == 0 || produced == to.Trigger.Model;
    }

    private static string Names(IReadOnlySet<string> names) => names.Count == 0 ? "none found" : string.Join(", ", names.Order());
}
