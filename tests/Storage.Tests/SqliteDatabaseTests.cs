using Dapper;

namespace Mlops.Storage.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sqlite-").FullName;

    [Fact]
    public void Migrations_run_once_each_and_data_survives_reopening()
    {
        var path = Path.Combine(folder, "service.db");
        string[] migrations = ["CREATE TABLE items (name TEXT PRIMARY KEY);"];

        using (var connection = new SqliteDatabase(path, migrations).Open())
        {
            connection.Execute("INSERT INTO items VALUES ('kept')");
        }

        var reopened = new SqliteDatabase(path, [.. migrations, "ALTER TABLE items ADD COLUMN size INTEGER DEFAULT 7;"]);
        using var again = reopened.Open();

        Assert.Equal(2, again.ExecuteScalar<long>("PRAGMA user_version"));
        Assert.Equal("wal", again.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.Equal(("kept", 7L), again.QuerySingle<(string, long)>("SELECT name, size FROM items"));
    }

    [Fact]
    public void A_failing_migration_changes_nothing()
    {
        var path = Path.Combine(folder, "broken.db");
        Assert.ThrowsAny<Exception>(() => new SqliteDatabase(path, ["CREATE TABLE a (x INTEGER);", "THIS IS NOT SQL;"]));

        using var connection = new SqliteDatabase(path, ["CREATE TABLE a (x INTEGER);"]).Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("PRAGMA user_version"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
