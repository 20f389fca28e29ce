using Mlops.Automation.Events;
using Mlops.Automation.Firings;
using Mlops.Automation.Repositories;
using Mlops.Automation.Rules;
using Mlops.Automation.Telemetry;

namespace Mlops.Automation.Engine;

/// <summary>
/// Hands one event to every enabled rule it fires. Each (rule, event) is recorded before its action runs, so
/// an event seen again (from Redis and the catch-up, or after a restart) never acts twice; cooldowns and the
/// one-running-job limit are checked against the recorded firings.
/// </summary>
public sealed partial class RuleEngine(
    RuleBook rules, AutomationStore store, ActionRunner actions, AutomationMetrics metrics, TimeProvider clock, ILogger<RuleEngine> logger)
{
    public async Task<IReadOnlyList<Firing>> HandleAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        if (store.IsHandled(platformEvent.Key))
        {
            return [];
        }

        var firings = new List<Firing>();
        foreach (var rule in rules.Current.Rules.Where(rule => rule.Enabled && RuleMatcher.Matches(rule.Trigger, platformEvent)))
        {
            if (store.TryStart(rule, platformEvent, clock.GetUtcNow()) is not { } firing)
            {
                continue;
            }

            var finished = await FireAsync(rule, platformEvent, firing, cancellationToken);
            store.Update(finished);
            metrics.Recorded(finished);
            LogFiring(logger, rule.Name, platformEvent.Summary, finished.Outcome, finished.Detail);
            firings.Add(finished);
        }

        store.MarkHandled(platformEvent, clock.GetUtcNow());
        metrics.Handled(platformEvent);
        return firings;
    }

    private async Task<Firing> FireAsync(AutomationRule rule, PlatformEvent platformEvent, Firing firing, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (rule.Cooldown > TimeSpan.Zero && store.LastActed(rule.Name, firing.Id) is { } last && now - last.FiredAt < rule.Cooldown)
        {
            return firing with
            {
                Outcome = FiringOutcome.Skipped,
                Detail = $"cooldown: the rule last fired at {last.FiredAt:u}, next possible at {last.FiredAt + rule.Cooldown:u}",
                FinishedAt = now,
            };
        }

        if (store.Running().FirstOrDefault(other => other.Rule == rule.Name && other.Id != firing.Id) is { } running)
        {
            return firing with
            {
                Outcome = FiringOutcome.Skipped,
                Detail = $"training job {running.JobId} of this rule (firing {running.Id}) is still running",
                FinishedAt = now,
            };
        }

        var result = await actions.RunAsync(rule, platformEvent, rule.DryRun, cancellationToken);
        return firing with
        {
            Outcome = result.Outcome,
            Detail = result.Detail,
            JobId = result.JobId,
            ModelName = result.Model.Length > 0 ? result.Model : firing.ModelName,
            ModelVersion = result.ModelVersion > 0 ? result.ModelVersion : firing.ModelVersion,
            DatasetVersion = result.DatasetVersion.Length > 0 ? result.DatasetVersion : firing.DatasetVersion,
            FinishedAt = result.Ended ? clock.GetUtcNow() : null,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule {Rule} on {Event}: {Outcome} ({Detail})")]
    private static partial void LogFiring(ILogger logger, string rule, string @event, string outcome, string detail);
}
