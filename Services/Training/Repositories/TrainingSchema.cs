namespace Mlops.Training.Repositories;

internal static class TrainingSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE sweeps (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            -- The request the sweep was submitted with (space, metric, goal, stopping), as protobuf.
            request BLOB NOT NULL,
            -- The Sweep message without its trials (state, best trial), as protobuf.
            sweep BLOB NOT NULL
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
        CREATE INDEX ix_jobs_state ON jobs (state);
        -- Per-epoch metrics of every job: what the median stopping rule compares trials on.
        CREATE TABLE epoch_metrics (
            job_id TEXT NOT NULL REFERENCES jobs (id),
            epoch INTEGER NOT NULL,
            key TEXT NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (job_id, epoch, key)
        );
        """,
        """
        -- Which worker runs the job, until when (Unix ms): taken and renewed by one conditional UPDATE, so two replicas
        -- never both run a job, and one whose worker stopped renewing is taken over.
        ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
        ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
        """,
    ];
}
