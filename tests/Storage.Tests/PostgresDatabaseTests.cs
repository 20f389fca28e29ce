using Dapper;

namespace Mlops.Storage.Tests;

public sealed class PostgresDatabaseTests(PostgresServerFixture postgres) : MetadataDatabaseContract, IClassFixture<PostgresServerFixture>, IAsyncLifetime
{
    private string connectionString = "";

    public async Task InitializeAsync() => connectionString = await postgres.Server.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected override MetadataDatabase Open(IReadOnlyList<string> migrations) => new PostgresDatabase(connectionString, "svc", migrations);

    [Fact]
    public async Task Replicas_starting_together_apply_each_migration_once()
    {
        string[] migrations = ["CREATE TABLE items (name TEXT PRIMARY KEY);", "INSERT INTO items (name) VALUES ('seeded once');"];

        var started = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Open(migrations))));

        using var connection = started[0].Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM items"));
    }

    [Fact]
    public void Services_sharing_one_database_keep_their_tables_apart()
    {
        string[] migrations = ["CREATE TABLE webhook_deliveries (id TEXT PRIMARY KEY);"];
        var registry = new PostgresDatabase(connectionString, "registry", migrations);
        var drift = new PostgresDatabase(connectionString, "drift", migrations);

        using (var connection = registry.Open())
        {
            connection.Execute("INSERT INTO webhook_deliveries (id) VALUES ('registry only')");
        }

        using var other = drift.Open();
        Assert.Equal(0, other.ExecuteScalar<long>("SELECT COUNT(*) FROM webhook_deliveries"));
    }
}
