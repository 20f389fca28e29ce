namespace Mlops.Drift.Repositories;

internal static class DriftSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE windows (
            id TEXT PRIMARY KEY,
            model_name TEXT NOT NULL,
            model_version INTEGER NOT NULL,
            -- Unix milliseconds, for ordering.
            opened_at INTEGER NOT NULL,
            -- The whole Window message (protobuf); the DriftReport of the closed window beside it.
            "window" BLOB NOT NULL,
            report BLOB
        );
        CREATE INDEX ix_windows_model ON windows (model_name, model_version, opened_at DESC);
        CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            model_name TEXT NOT NULL,
            acknowledged INTEGER NOT NULL,
            raised_at INTEGER NOT NULL,
            alert BLOB NOT NULL
        );
        CREATE INDEX ix_alerts_model ON alerts (model_name, raised_at DESC);
        CREATE TABLE drift_references (
            model_name TEXT NOT NULL,
            model_version INTEGER NOT NULL,
            dataset_version TEXT NOT NULL,
            built_at INTEGER NOT NULL,
            -- The DriftReference as JSON.
            reference BLOB NOT NULL,
            PRIMARY KEY (model_name, model_version)
        );
        CREATE TABLE webhook_deliveries (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            event TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            body BLOB NOT NULL
        );
        CREATE INDEX ix_webhook_deliveries_created ON webhook_deliveries (created_at DESC);
        """,
    ];
}
