using Google.Protobuf.WellKnownTypes;
using Mlops.Automation.Rules;
using Mlops.Automation.V1;
using static Mlops.Common.V1.MessageFields;
using FiringRecord = Mlops.Automation.Firings.Firing;

namespace Mlops.Automation.Grpc;

/// <summary>The automation's domain records as wire messages.</summary>
internal static class AutomationMessages
{
    public static Rule ToMessage(this AutomationRule rule)
    {
        var message = new Rule
        {
            Name = rule.Name,
            Trigger = rule.Trigger.Kind.Name(),
            Filter = Filter(rule.Trigger),
            Action = rule.Action.Kind.Name(),
            Config = rule.Action.Config,
            CooldownSeconds = (long)rule.Cooldown.TotalSeconds,
            DryRun = rule.DryRun,
            Enabled = rule.Enabled,
            ModelName = rule.ActionModel,
        };
        message.Overrides.AddRange(rule.Action.OverrideList);
        return message;
    }

    public static Firing ToMessage(this FiringRecord firing) => new()
    {
        Id = firing.Id,
        Rule = firing.Rule,
        Event = firing.Event,
        Action = firing.Action,
        Outcome = firing.Outcome,
        Detail = firing.Detail,
        JobId = firing.JobId,
        ModelName = firing.ModelName,
        ModelVersion = firing.ModelVersion,
        DatasetVersion = firing.DatasetVersion,
        FiredAt = Timestamp.FromDateTimeOffset(firing.FiredAt),
        FinishedAt = Stamp(firing.FinishedAt),
    };

    private static string Filter(RuleTrigger trigger)
    {
        var parts = new List<string>();
        if (trigger.Dataset.Length > 0)
        {
            parts.Add($"dataset {trigger.Dataset}");
        }

        if (trigger.Model.Length > 0)
        {
            parts.Add($"model {trigger.Model}");
        }

        if (trigger.AlertName.Length > 0)
        {
            parts.Add($"alert {trigger.AlertName}");
        }

        if (trigger.MinConsecutiveWindows > 0)
        {
            parts.Add($"at least {trigger.MinConsecutiveWindows} windows");
        }

        return parts.Count == 0 ? "any" : string.Join(", ", parts);
    }
}
