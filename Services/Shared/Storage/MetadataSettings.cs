using Microsoft.Extensions.Configuration;

namespace Mlops.Storage;

/// <summary>
/// Which metadata database the services use: <c>Metadata:Kind</c> = <c>sqlite</c> (default) or <c>postgres</c>,
/// the latter with <c>ConnectionStrings:metadata</c>.
/// </summary>
public sealed record MetadataSettings(MetadataKind Kind, string? ConnectionString)
{
    public const string KindKey = "Metadata:Kind";
    public const string ConnectionName = "metadata";

    public static MetadataSettings From(IConfiguration configuration)
    {
        var kind = configuration[KindKey];
        var connectionString = configuration.GetConnectionString(ConnectionName);
        return kind?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => new(MetadataKind.Sqlite, null),
            "postgres" or "postgresql" when !string.IsNullOrWhiteSpace(connectionString) => new(MetadataKind.Postgres, connectionString),
            "postgres" or "postgresql" => throw new InvalidOperationException(
                $"{KindKey} is '{kind}' but ConnectionStrings:{ConnectionName} is empty: set it to the PostgreSQL connection string."),
            _ => throw new InvalidOperationException($"{KindKey} is '{kind}': use 'sqlite' (the default) or 'postgres'."),
        };
    }

    /// <summary>
    /// The service's database with <paramref name="migrations"/> applied: <paramref name="fileName"/> in the service's
    /// folder under the data root, or the schema named <paramref name="service"/> in PostgreSQL.
    /// </summary>
    public MetadataDatabase Open(DataRoot dataRoot, string service, string fileName, IReadOnlyList<string> migrations) =>
        Kind == MetadataKind.Postgres
            ? new PostgresDatabase(ConnectionString!, service, migrations)
            : new SqliteDatabase(System.IO.Path.Combine(dataRoot.ServiceFolder(service), fileName), migrations);
}
