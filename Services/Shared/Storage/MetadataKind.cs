namespace Mlops.Storage;

/// <summary>Where a service keeps its metadata.</summary>
public enum MetadataKind
{
    /// <summary>One SQLite file per service under the data root (the default).</summary>
    Sqlite,

    /// <summary>One PostgreSQL database shared by all services, each in a schema of its own: what replicas need.</summary>
    Postgres,
}
