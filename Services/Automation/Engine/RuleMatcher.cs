using Mlops.Automation.Events;
using Mlops.Automation.Rules;

namespace Mlops.Automation.Engine;

/// <summary>Whether an event fires a rule: same kind, and every filter the trigger sets agrees with the event.</summary>
public static class RuleMatcher
{
    public static bool Matches(RuleTrigger trigger, PlatformEvent platformEvent) =>
        trigger.Kind == platformEvent.Kind
        && (trigger.Dataset.Length == 0 || trigger.Dataset == platformEvent.Dataset)
        && (trigger.Model.Length == 0 || trigger.Model == platformEvent.Model)
        && (trigger.AlertName.Length == 0 || trigger.AlertName == platformEvent.AlertName)
        && platformEvent.ConsecutiveWindows >= trigger.MinConsecutiveWindows;
}
