using Dapper;
using Mlops.Automation.Events;
using Mlops.Automation.Firings;
using Mlops.Automation.Rules;
using Mlops.Storage;

namespace Mlops.Automation.Repositories;

/// <summary>The automation's own SQLite file: which events were handled, every firing, and the rules a person switched on or off.</summary>
public sealed class AutomationStore(MetadataDatabase database) : IRuleSwitches
{
    private const string BaselineKey = "baseline";

    /// <summary>When this store first started: events older than that happened before the automation existed and are not acted on.</summary>
    public DateTimeOffset Baseline(DateTimeOffset now)
    {
        using var connection = database.Open();
        connection.Execute("INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT DO NOTHING",
            new { key = BaselineKey, value = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var stored = connection.ExecuteScalar<string>("SELECT value FROM meta WHERE key = @key", new { key = BaselineKey })!;
        return DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(stored, System.Globalization.CultureInfo.InvariantCulture));
    }

    public bool IsHandled(string eventKey)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM handled_events WHERE event_key = @eventKey", new { eventKey }) > 0;
    }

    public void MarkHandled(PlatformEvent platformEvent, DateTimeOffset now)
    {
        using var connection = database.Open();
        connection.Execute("INSERT INTO handled_events (event_key, summary, handled_at) VALUES (@key, @summary, @at) ON CONFLICT DO NOTHING",
            new { key = platformEvent.Key, summary = platformEvent.Summary, at = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>Records that a rule fires on an event; null when it already fired on that event (so the action must not run again).</summary>
    public Firing? TryStart(AutomationRule rule, PlatformEvent platformEvent, DateTimeOffset now)
    {
        using var connection = database.Open();
        var inserted = connection.Execute(
            """
            INSERT INTO firings (rule, event_key, event, action, outcome, detail, job_id, model_name, model_version, dataset_version, fired_at)
            VALUES (@rule, @eventKey, @event, @action, @outcome, '', '', @model, @version, @dataset, @at)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                rule = rule.Name,
                eventKey = platformEvent.Key,
                @event = platformEvent.Summary,
                action = rule.Action.Kind.Name(),
                outcome = FiringOutcome.Started,
                model = platformEvent.Model,
                version = platformEvent.ModelVersion,
                dataset = platformEvent.DatasetVersion,
                at = now.ToUnixTimeMilliseconds(),
            });
        return inserted == 0
            ? null
            : Query(connection, "WHERE rule = @rule AND event_key = @eventKey", new { rule = rule.Name, eventKey = platformEvent.Key }).Single();
    }

    public void Update(Firing firing)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            UPDATE firings SET outcome = @Outcome, detail = @Detail, job_id = @JobId, model_name = @ModelName,
                model_version = @ModelVersion, dataset_version = @DatasetVersion, finished_at = @finishedAt
            WHERE id = @Id
            """,
            new
            {
                firing.Outcome,
                firing.Detail,
                firing.JobId,
                firing.ModelName,
                firing.ModelVersion,
                firing.DatasetVersion,
                firing.Id,
                finishedAt = firing.FinishedAt?.ToUnixTimeMilliseconds(),
            });
    }

    /// <summary>The rule's latest firing that acted (or would have, in a dry run), other than <paramref name="exceptId"/>.</summary>
    public Firing? LastActed(string rule, long exceptId)
    {
        using var connection = database.Open();
        return Query(connection, "WHERE rule = @rule AND id <> @exceptId AND outcome <> @skipped ORDER BY fired_at DESC, id DESC LIMIT 1",
            new { rule, exceptId, skipped = FiringOutcome.Skipped }).SingleOrDefault();
    }

    /// <summary>Firings whose training job has not ended yet.</summary>
    public IReadOnlyList<Firing> Running()
    {
        using var connection = database.Open();
        return Query(connection, "WHERE outcome = @submitted ORDER BY id", new { submitted = FiringOutcome.Submitted });
    }

    public IReadOnlyList<Firing> List(string? rule, int limit)
    {
        using var connection = database.Open();
        return rule is null
            ? Query(connection, "ORDER BY fired_at DESC, id DESC LIMIT @limit", new { limit })
            : Query(connection, "WHERE rule = @rule ORDER BY fired_at DESC, id DESC LIMIT @limit", new { rule, limit });
    }

    public bool? IsEnabled(string rule)
    {
        using var connection = database.Open();
        var value = connection.ExecuteScalar<long?>("SELECT enabled FROM rule_switches WHERE rule = @rule", new { rule });
        return value is null ? null : value != 0;
    }

    public void SetEnabled(string rule, bool enabled)
    {
        using var connection = database.Open();
        connection.Execute("INSERT INTO rule_switches (rule, enabled) VALUES (@rule, @enabled) ON CONFLICT (rule) DO UPDATE SET enabled = excluded.enabled",
            new { rule, enabled = enabled ? 1 : 0 });
    }

    private static List<Firing> Query(System.Data.Common.DbConnection connection, string where, object parameters) =>
        connection.Query<FiringRow>($"SELECT * FROM firings {where}", parameters).Select(row => row.ToFiring()).ToList();

#pragma warning disable IDE1006 // Column names, as Dapper maps them.
    private sealed record FiringRow(
        long id, string rule, string event_key, string @event, string action, string outcome, string detail, string job_id,
        string model_name, long model_version, string dataset_version, long fired_at, long? finished_at)
    {
        public Firing ToFiring() => new(
            id, rule, event_key, @event, action, outcome, DateTimeOffset.FromUnixTimeMilliseconds(fired_at), detail, job_id, model_name,
            (int)model_version, dataset_version, finished_at is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null);
    }
#pragma warning restore IDE1006
}
