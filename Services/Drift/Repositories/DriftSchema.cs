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
            opened_at TEXT NOT NULL,
            -- The whole Window message (protobuf); the report of a closed window beside it.
            window BLOB NOT NULL,
            report BLOB
        );
        CREATE INDEX ix_windows_model ON windows (model_name, model_version, opened_at DESC);
        CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            model_name TEXT NOT NULL,
            acknowledged INTEGER NOT NULL,
            raised_at TEXT NOT NULL,
            alert BLOB NOT NULL
        );
        CREATE INDEX ix_alerts_model ON alerts (model_name, raised_at DESC);
        """,
    ];
}
