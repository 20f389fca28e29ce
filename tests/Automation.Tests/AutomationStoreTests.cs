using Mlops.Automation.Events;
using Mlops.Automation.Firings;
using Mlops.Automation.Repositories;
using Mlops.Automation.Rules;
using Mlops.Storage;
using Mlops.TestSupport;

namespace Mlops.Automation.Tests;

public sealed class AutomationStoreOnSqliteTests() : AutomationStoreTests(SqliteFile.Create("automation.db", AutomationSchema.Migrations));

public sealed class AutomationStoreOnPostgresTests(PostgresServerFixture postgres)
    : AutomationStoreTests(new PostgresDatabase(postgres.Server.CreateDatabase(), "automation", AutomationSchema.Migrations)), IClassFixture<PostgresServerFixture>;

/// <summary>What the automation remembers across restarts, on each metadata database.</summary>
public abstract class AutomationStoreTests(MetadataDatabase database)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly AutomationStore store = new(database);

    [Fact]
    public void A_rule_fires_once_per_event_and_its_firing_keeps_what_happened()
    {
        var rule = new AutomationRule("retrain", new RuleTrigger(TriggerKind.DatasetVersion, Dataset: "shirts"),
            new RuleAction(ActionKind.Train, Config: "quick"), TimeSpan.Zero, DryRun: false, Enabled: true);
        var newVersion = PlatformEvent.NewDatasetVersion("shirts", "0123456789abcdef", Now);

        var firing = store.TryStart(rule, newVersion, Now)!;
        Assert.Null(store.TryStart(rule, newVersion, Now.AddSeconds(1)));
        store.Update(firing with { Outcome = FiringOutcome.Submitted, JobId = "job-1" });

        var running = Assert.Single(store.Running());
        Assert.Equal(("retrain", "job-1", "0123456789abcdef"), (running.Rule, running.JobId, running.DatasetVersion));
        Assert.Equal([firing.Id], store.List("retrain", 10).Select(f => f.Id));
        Assert.Null(store.LastActed("retrain", firing.Id));
    }

    [Fact]
    public void The_baseline_handled_events_and_rule_switches_survive_reopening()
    {
        var baseline = store.Baseline(Now);
        store.MarkHandled(PlatformEvent.NewDatasetVersion("shirts", "0123456789abcdef", Now), Now);
        store.MarkHandled(PlatformEvent.NewDatasetVersion("shirts", "0123456789abcdef", Now), Now.AddMinutes(1));
        store.SetEnabled("retrain", false);
        store.SetEnabled("retrain", true);
        store.SetEnabled("promote", false);

        var reopened = new AutomationStore(database);
        Assert.Equal(baseline, reopened.Baseline(Now.AddDays(1)));
        Assert.True(reopened.IsHandled("dataset_version:0123456789abcdef"));
        Assert.False(reopened.IsHandled("dataset_version:fedcba9876543210"));
        Assert.Equal((true, false, (bool?)null), (reopened.IsEnabled("retrain"), reopened.IsEnabled("promote"), reopened.IsEnabled("other")));
    }
}
