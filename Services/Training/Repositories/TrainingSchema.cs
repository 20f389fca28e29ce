namespace Mlops.Training.Repositories;

internal static class TrainingSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE sweeps (
            id TEXT PRIMARY KEY,
            state INTEGER NOT NULL,
            request BLOB NOT NULL,
            best_job_id TEXT,
            best_value REAL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            state INTEGER NOT NULL,
            sweep_id TEXT REFERENCES sweeps (id),
            created_at TEXT NOT NULL,
            -- The whole Job message (protobuf), so that new fields need no migration.
            job BLOB NOT NULL
        );
        CREATE INDEX ix_jobs_created ON jobs (created_at DESC);
        CREATE INDEX ix_jobs_sweep ON jobs (sweep_id);
        """,
    ];
}
