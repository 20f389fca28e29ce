namespace Mlops.Automation.Repositories;

internal static class AutomationSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- Events every rule has been considered for; an event found here is never handled again.
        CREATE TABLE handled_events (
            event_key TEXT PRIMARY KEY,
            summary TEXT NOT NULL,
            handled_at INTEGER NOT NULL
        );
        -- One row per (rule, event): the unique key is what makes an action happen at most once, even across a crash.
        CREATE TABLE firings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            rule TEXT NOT NULL,
            event_key TEXT NOT NULL,
            event TEXT NOT NULL,
            action TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL,
            job_id TEXT NOT NULL,
            model_name TEXT NOT NULL,
            model_version INTEGER NOT NULL,
            dataset_version TEXT NOT NULL,
            fired_at INTEGER NOT NULL,
            finished_at INTEGER,
            UNIQUE (rule, event_key)
        );
        CREATE INDEX ix_firings_rule ON firings (rule, fired_at DESC);
        CREATE INDEX ix_firings_outcome ON firings (outcome);
        CREATE TABLE rule_switches (
            rule TEXT PRIMARY KEY,
            enabled INTEGER NOT NULL
        );
        """,
    ];
}
