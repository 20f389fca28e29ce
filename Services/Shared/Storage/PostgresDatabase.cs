using Dapper;
using Npgsql;

namespace Mlops.Storage;

/// <summary>
/// A service's metadata in a PostgreSQL schema of its own (so services sharing one database never see each other's
/// tables). The migrations are the service's SQLite scripts translated by <see cref="PostgresSchema"/>; the version
/// applied is kept in the schema's schema_version table, and replicas starting together migrate one at a time.
/// </summary>
public sealed class PostgresDatabase : MetadataDatabase
{
    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(60);
    private readonly NpgsqlDataSource dataSource;

    public PostgresDatabase(string connectionString, string schema, IReadOnlyList<string> migrations)
    {
        if (!PostgresSchema.IsPlainName(schema))
        {
            throw new ArgumentException($"'{schema}' is not a plain lower-case schema name.", nameof(schema));
        }

        Schema = schema;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        MigrateWhenReachable(migrations);
    }

    public string Schema { get; }

    public override MetadataKind Kind => MetadataKind.Postgres;

    public override NpgsqlConnection Open() => dataSource.OpenConnection();

    // A server started beside the service (the AppHost's, a Cloud SQL proxy) may still be coming up.
    private void MigrateWhenReachable(IReadOnlyList<string> migrations)
    {
        var deadline = DateTime.UtcNow + StartupWait;
        while (true)
        {
            try
            {
                Migrate(migrations);
                return;
            }
            catch (NpgsqlException e) when (DateTime.UtcNow < deadline && (e.IsTransient || e is PostgresException { SqlState: "57P03" }))
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private void Migrate(IReadOnlyList<string> migrations)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        // Held until commit: a second replica waits here, then finds the migrations applied.
        connection.Execute("SELECT pg_advisory_xact_lock(hashtext(@lockName))", new { lockName = $"mlops-migrate:{Schema}" }, transaction);
        connection.Execute(
            $"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.schema_version (version INTEGER NOT NULL);
            INSERT INTO {Schema}.schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM {Schema}.schema_version);
            """,
            transaction: transaction);
        var version = connection.ExecuteScalar<int>($"SELECT version FROM {Schema}.schema_version", transaction: transaction);
        if (version > migrations.Count)
        {
            throw new InvalidOperationException(
                $"Schema {Schema} has version {version}, newer than the {migrations.Count} this build knows: it was written by a newer version; run that one.");
        }

        for (var index = version; index < migrations.Count; index++)
        {
            connection.Execute(PostgresSchema.Translate(migrations[index]), transaction: transaction);
        }

        connection.Execute($"UPDATE {Schema}.schema_version SET version = @count", new { count = migrations.Count }, transaction);
        transaction.Commit();
    }
}
