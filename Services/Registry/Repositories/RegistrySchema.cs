namespace Mlops.Registry.Repositories;

internal static class RegistrySchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            experiment TEXT NOT NULL,
            status INTEGER NOT NULL,
            dataset_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            -- The whole Run message (protobuf) without its metric series.
            run BLOB NOT NULL
        );
        CREATE INDEX ix_runs_experiment ON runs (experiment, started_at DESC);
        CREATE TABLE run_metrics (
            run_id TEXT NOT NULL REFERENCES runs (id),
            key TEXT NOT NULL,
            step INTEGER NOT NULL,
            epoch INTEGER NOT NULL,
            value REAL NOT NULL,
            timestamp TEXT NOT NULL
        );
        CREATE INDEX ix_run_metrics ON run_metrics (run_id, key, step);
        CREATE TABLE artifacts (
            sha256 TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            run_id TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE run_artifacts (
            run_id TEXT NOT NULL REFERENCES runs (id),
            sha256 TEXT NOT NULL,
            PRIMARY KEY (run_id, sha256)
        );
        CREATE TABLE models (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        CREATE TABLE model_versions (
            model_name TEXT NOT NULL REFERENCES models (name),
            version INTEGER NOT NULL,
            status INTEGER NOT NULL,
            onnx_sha256 TEXT NOT NULL,
            weights_sha256 TEXT NOT NULL,
            -- The whole ModelVersion message (protobuf); aliases are joined in from the aliases table.
            model_version BLOB NOT NULL,
            PRIMARY KEY (model_name, version)
        );
        CREATE TABLE aliases (
            model_name TEXT NOT NULL REFERENCES models (name),
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            previous_version INTEGER NOT NULL,
            changed_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (model_name, alias)
        );
        CREATE TABLE alias_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            model_name TEXT NOT NULL,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            previous_version INTEGER NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            changed_at TEXT NOT NULL
        );
        CREATE INDEX ix_alias_history ON alias_history (model_name, alias, id);
        CREATE TABLE webhook_deliveries (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            status INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT NOT NULL,
            -- The AliasChange message (protobuf) the call reports.
            change BLOB NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX ix_webhook_deliveries_status ON webhook_deliveries (status, created_at);
        """,
    ];
}
