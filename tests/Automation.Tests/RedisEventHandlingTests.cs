using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Mlops.Automation.Clients;
using Mlops.Automation.Engine;
using Mlops.Automation.Events;
using Mlops.Automation.Firings;
using Mlops.Drift.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using StackExchange.Redis;

namespace Mlops.Automation.Tests;

/// <summary>Events published on a real redis-server in the services' own formats, handled by the rules over a real SQLite store.</summary>
public sealed class RedisEventHandlingTests : IAsyncLifetime
{
    private const string Rules = """
        rules:
          - name: train-on-data
            trigger: { on: dataset_version, dataset: fashion-sample }
            action: { do: train, config: quick, overrides: [epochs=1], model: fashion }
          - name: promote
            trigger: { on: model_registered, model: fashion }
            action: { do: promote }
          - name: retrain-on-drift
            trigger: { on: drift_alert, model: fashion }
            action: { do: retrain_on_drift, config: quick, dataset: fashion-sample }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("automation-events-").FullName;
    private RedisServer redis = null!;
    private ConnectionMultiplexer connection = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await connection.DisposeAsync();
        await redis.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_new_dataset_version_on_redis_submits_one_job_pinned_to_it_even_when_the_catch_up_sees_it_again()
    {
        var automation = await StartAsync(Rules);
        var version = Dataset("fashion-sample", "a1b2c3");

        await PublishAsync("mlops:datasets", JsonFormatter.Default.Format(new DatasetEvent { Version = version }));
        await automation.HandleQueuedUntilAsync(() => !automation.Platform.Submitted.IsEmpty);

        var request = Assert.Single(automation.Platform.Submitted);
        Assert.Equal("quick", request.Config);
        Assert.Equal("fashion", request.Model);
        Assert.Equal(["epochs=1", "data.dataset=a1b2c3"], request.Overrides);
        var firing = Assert.Single(automation.Store.List(null, 10));
        Assert.Equal(FiringOutcome.Submitted, firing.Outcome);
        Assert.Equal("job-1", firing.JobId);
        Assert.Equal("a1b2c3", firing.DatasetVersion);

        // The periodic catch-up reads the same version back from Ingestion's list.
        Assert.Empty(await automation.Engine.HandleAsync(EventPayloads.FromDataset(version), CancellationToken.None));
        Assert.Single(automation.Platform.Submitted);
    }

    [Fact]
    public async Task After_a_restart_no_event_is_acted_on_twice_and_the_job_started_before_is_followed_to_its_end()
    {
        var platform = new RecordingPlatform();
        var before = new AutomationHarness(folder, Rules, platform);
        var version = EventPayloads.FromDataset(Dataset("fashion-sample", "d4e5f6"));
        await before.Engine.HandleAsync(version, CancellationToken.None);

        var after = new AutomationHarness(folder, Rules, platform);
        Assert.Empty(await after.Engine.HandleAsync(version, CancellationToken.None));
        Assert.Single(platform.Submitted);

        platform.Jobs["job-1"] = new JobStatus("job-1", JobPhase.Succeeded, "fashion", 3, "d4e5f6", "");
        var ended = Assert.Single(await after.Jobs.CheckAsync(CancellationToken.None));
        Assert.Equal(FiringOutcome.Succeeded, ended.Outcome);
        Assert.Equal(3, ended.ModelVersion);
        Assert.Empty(after.Store.Running());
    }

    [Fact]
    public async Task A_registered_version_is_promoted_through_the_gate_and_a_refusal_is_recorded()
    {
        var automation = await StartAsync(Rules);

        await PublishAsync("mlops:models", JsonFormatter.Default.Format(ModelVersion("fashion", 2)));
        await automation.HandleQueuedUntilAsync(() => automation.Platform.Promotions.Count == 1);
        Assert.Equal(("fashion", 2, "production"), Assert.Single(automation.Platform.Promotions));
        Assert.Equal(FiringOutcome.Promoted, automation.Store.List("promote", 1).Single().Outcome);

        automation.Platform.GateRefusal = "The gate refused fashion/3 for 'production': accuracy 0.61 < 0.7";
        await PublishAsync("mlops:models", JsonFormatter.Default.Format(ModelVersion("fashion", 3)));
        await automation.HandleQueuedUntilAsync(() => automation.Platform.Promotions.Count == 2);
        var refused = automation.Store.List("promote", 1).Single();
        Assert.Equal(FiringOutcome.Refused, refused.Outcome);
        Assert.Contains("accuracy 0.61 < 0.7", refused.Detail);
        Assert.Equal(3, refused.ModelVersion);
    }

    [Fact]
    public async Task Drift_without_new_data_is_recorded_and_drift_after_new_data_retrains_on_the_newest_version()
    {
        var automation = await StartAsync(Rules);
        var platform = automation.Platform;
        platform.Production["fashion"] = new AliasTarget("fashion", 1, "old-version");
        platform.Datasets["fashion-sample"] = [new DatasetVersionInfo("fashion-sample", "old-version", DateTimeOffset.UtcNow.AddHours(-1))];

        await PublishAsync("mlops:alerts", AlertJson(Alert("alert-1")));
        await automation.HandleQueuedUntilAsync(() => automation.Store.List("retrain-on-drift", 10).Count == 1);
        var noData = automation.Store.List("retrain-on-drift", 1).Single();
        Assert.Equal(FiringOutcome.NoNewData, noData.Outcome);
        Assert.StartsWith("drift, but no new data", noData.Detail);
        Assert.Empty(platform.Submitted);

        platform.Datasets["fashion-sample"].Add(new DatasetVersionInfo("fashion-sample", "bright-version", DateTimeOffset.UtcNow));
        await PublishAsync("mlops:alerts", AlertJson(Alert("alert-2")));
        await automation.HandleQueuedUntilAsync(() => !platform.Submitted.IsEmpty);
        Assert.Contains("data.dataset=bright-version", Assert.Single(platform.Submitted).Overrides);
    }

    [Fact]
    public async Task A_rule_with_a_running_job_or_in_its_cooldown_skips_and_says_why()
    {
        const string rules = """
            rules:
              - name: train-on-data
                trigger: { on: dataset_version }
                action: { do: train, config: quick }
              - name: slow-down
                cooldown: 1h
                trigger: { on: model_registered }
                action: { do: promote }
            """;
        var automation = new AutomationHarness(folder, rules, new RecordingPlatform());

        await automation.Engine.HandleAsync(EventPayloads.FromDataset(Dataset("d", "v1")), CancellationToken.None);
        var second = Assert.Single(await automation.Engine.HandleAsync(EventPayloads.FromDataset(Dataset("d", "v2")), CancellationToken.None));
        Assert.Equal(FiringOutcome.Skipped, second.Outcome);
        Assert.Contains("job-1", second.Detail);
        Assert.Single(automation.Platform.Submitted);

        await automation.Engine.HandleAsync(EventPayloads.FromModelVersion(ModelVersion("m", 1)), CancellationToken.None);
        var cooled = Assert.Single(await automation.Engine.HandleAsync(EventPayloads.FromModelVersion(ModelVersion("m", 2)), CancellationToken.None));
        Assert.Equal(FiringOutcome.Skipped, cooled.Outcome);
        Assert.Contains("cooldown", cooled.Detail);
        Assert.Single(automation.Platform.Promotions);
    }

    [Fact]
    public async Task A_dry_run_rule_records_what_it_would_do_and_a_disabled_rule_does_nothing()
    {
        const string rules = """
            rules:
              - name: rehearsal
                dry_run: true
                trigger: { on: dataset_version }
                action: { do: train, config: quick }
              - name: promote
                trigger: { on: model_registered }
                action: { do: promote }
            """;
        var automation = new AutomationHarness(folder, rules, new RecordingPlatform());
        automation.Rules.SetEnabled("promote", false);

        var rehearsal = Assert.Single(await automation.Engine.HandleAsync(EventPayloads.FromDataset(Dataset("d", "v1")), CancellationToken.None));
        Assert.Equal(FiringOutcome.DryRun, rehearsal.Outcome);
        Assert.Contains("would train config quick", rehearsal.Detail);
        Assert.Empty(await automation.Engine.HandleAsync(EventPayloads.FromModelVersion(ModelVersion("m", 1)), CancellationToken.None));
        Assert.Empty(automation.Platform.Submitted);
        Assert.Empty(automation.Platform.Promotions);
        Assert.False(automation.Rules.Current.Find("promote")!.Enabled);
    }

    [Fact]
    public async Task An_alias_change_in_the_registrys_redis_format_is_a_promotion_event()
    {
        var automation = await StartAsync(Rules);

        // The body RedisAliasPublisher sends (AliasChangeJson): camelCase, model/alias/version/changedAt.
        await PublishAsync("mlops:aliases",
            """{"event":"alias.changed","model":"fashion","alias":"production","version":4,"previousVersion":3,"actor":"cli","reason":"","changedAt":"2026-12-01T05:00:00+00:00"}""");
        var received = await automation.Queue.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(Automation.Rules.TriggerKind.ModelPromoted, received.Kind);
        Assert.Equal("fashion", received.Model);
        Assert.Equal(4, received.ModelVersion);
        Assert.Equal("production", received.Alias);
    }

    private async Task<AutomationHarness> StartAsync(string rules)
    {
        var automation = new AutomationHarness(folder, rules, new RecordingPlatform());
        await new RedisEventSubscriber(connection, automation.Queue, NullLogger<RedisEventSubscriber>.Instance).SubscribeAsync(() => { });
        return automation;
    }

    private async Task PublishAsync(string channel, string payload)
    {
        // A separate connection, as another service publishes.
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), payload);
    }

    private static DatasetVersion Dataset(string name, string id) =>
        new() { Name = name, Id = id, CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };

    private static ModelVersion ModelVersion(string model, int version) => new()
    {
        ModelName = model,
        Version = version,
        CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Lineage = new Lineage { DatasetVersion = "some-version" },
    };

    private static Alert Alert(string id) => new()
    {
        Id = id,
        ModelName = "fashion",
        ModelVersion = 1,
        ConsecutiveWindows = 3,
        RaisedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };

    // As Drift's AlertJson formats it: protobuf JSON with default values.
    private static string AlertJson(Alert alert) => new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true)).Format(alert);
}
