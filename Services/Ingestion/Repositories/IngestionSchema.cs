namespace Mlops.Ingestion.Repositories;

internal static class IngestionSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE dataset_versions (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source TEXT NOT NULL,
            channels INTEGER NOT NULL,
            height INTEGER NOT NULL,
            width INTEGER NOT NULL,
            class_names TEXT NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            profile_sha256 TEXT NOT NULL,
            size_bytes INTEGER NOT NULL
        );
        CREATE INDEX ix_dataset_versions_name ON dataset_versions (name, created_at DESC);
        CREATE TABLE split_class_counts (
            version_id TEXT NOT NULL REFERENCES dataset_versions (id),
            split INTEGER NOT NULL,
            label INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (version_id, split, label)
        );
        CREATE TABLE version_tags (
            version_id TEXT NOT NULL REFERENCES dataset_versions (id),
            tag TEXT NOT NULL,
            PRIMARY KEY (version_id, tag)
        );
        """,
        """
        ALTER TABLE dataset_versions ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
        """,
    ];
}
