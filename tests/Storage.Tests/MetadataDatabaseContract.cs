using Dapper;

namespace Mlops.Storage.Tests;

/// <summary>What every metadata database does, whichever engine holds it: the tests run on SQLite and on PostgreSQL.</summary>
public abstract class MetadataDatabaseContract
{
    private static readonly string[] Items = ["CREATE TABLE items (name TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB, score REAL);"];

    /// <summary>The database at one place (a file, a PostgreSQL database); each call opens it again with these migrations.</summary>
    protected abstract MetadataDatabase Open(IReadOnlyList<string> migrations);

    [Fact]
    public void Migrations_run_once_each_and_data_survives_reopening()
    {
        using (var connection = Open(Items).Open())
        {
            connection.Execute("INSERT INTO items (name, size, data, score) VALUES ('kept', 3, @data, 0.5)", new { data = new byte[] { 1, 2 } });
        }

        using var again = Open([.. Items, "ALTER TABLE items ADD COLUMN label TEXT NOT NULL DEFAULT 'none';"]).Open();

        var row = again.QuerySingle<(string Name, long Size, byte[] Data, double Score, string Label)>("SELECT name, size, data, score, label FROM items");
        Assert.Equal(("kept", 3L, 0.5, "none"), (row.Name, row.Size, row.Score, row.Label));
        Assert.Equal([1, 2], row.Data);
    }

    [Fact]
    public void A_failing_migration_changes_nothing()
    {
        Assert.ThrowsAny<Exception>(() => Open([.. Items, "CREATE TABLE more (x INTEGER);", "THIS IS NOT SQL;"]));

        using var connection = Open([.. Items, "CREATE TABLE more (x INTEGER);"]).Open();
        connection.Execute("INSERT INTO more (x) VALUES (1)");
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM more"));
    }

    [Fact]
    public void A_database_written_by_a_newer_version_is_refused_with_a_message_that_says_so()
    {
        Open([.. Items, "CREATE TABLE more (x INTEGER);"]);

        var refused = Assert.Throws<InvalidOperationException>(() => Open(Items));
        Assert.Contains("newer", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sql_repositories_share_works_the_same_on_both_engines()
    {
        using var connection = Open([.. Items, "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);"]).Open();
        foreach (var name in new[] { "b", "a", "c" })
        {
            connection.Execute("INSERT INTO items (name, size) VALUES (@name, 1) ON CONFLICT DO NOTHING", new { name });
        }

        Assert.Equal(0, connection.Execute("INSERT INTO items (name, size) VALUES ('a', 9) ON CONFLICT DO NOTHING"));
        connection.Execute("INSERT INTO items (name, size) VALUES ('c', 7) ON CONFLICT (name) DO UPDATE SET size = excluded.size");
        Assert.Equal(["b", "a", "c"], connection.Query<string>("SELECT name FROM items ORDER BY rowid"));
        Assert.Equal(7, connection.ExecuteScalar<long>("SELECT size FROM items WHERE name = 'c'"));

        var first = connection.ExecuteScalar<long>("INSERT INTO events (name) VALUES ('x') RETURNING id");
        var second = connection.ExecuteScalar<long>("INSERT INTO events (name) VALUES ('y') RETURNING id");
        Assert.True(second > first);
    }
}
