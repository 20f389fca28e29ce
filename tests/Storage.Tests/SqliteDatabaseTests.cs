using Dapper;

namespace Mlops.Storage.Tests;

public sealed class SqliteDatabaseTests : MetadataDatabaseContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sqlite-").FullName;

    protected override MetadataDatabase Open(IReadOnlyList<string> migrations) => new SqliteDatabase(Path.Combine(folder, "contract.db"), migrations);

    [Fact]
    public void Migrations_run_once_each_in_wal_mode_and_data_survives_reopening()
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
    public void A_failing_migration_leaves_the_version_where_it_was()
    {
        var path = Path.Combine(folder, "broken.db");
        Assert.ThrowsAny<Exception>(() => new SqliteDatabase(path, ["CREATE TABLE a (x INTEGER);", "THIS IS NOT SQL;"]));

        using var connection = new SqliteDatabase(path, ["CREATE TABLE a (x INTEGER);"]).Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("PRAGMA user_version"));
    }

    [Fact]
    public void A_database_written_while_its_first_migration_was_still_edited_gets_the_missing_tables_and_columns()
    {
        var path = Path.Combine(folder, "early.db");
        using (var early = new SqliteDatabase(path, ["CREATE TABLE jobs (id TEXT PRIMARY KEY, state INTEGER NOT NULL);"]).Open())
        {
            early.Execute("INSERT INTO jobs (id, state) VALUES ('kept', 2)");
        }

        string[] today =
        [
            """
            CREATE TABLE jobs (id TEXT PRIMARY KEY, state INTEGER NOT NULL, created_at TEXT NOT NULL, job BLOB NOT NULL, note TEXT);
            CREATE INDEX ix_jobs_state ON jobs (state);
            CREATE TABLE epoch_metrics (job_id TEXT NOT NULL, value REAL NOT NULL);
            """,
        ];
        using var connection = new SqliteDatabase(path, today).Open();

        var row = connection.QuerySingle<(string Id, long State, string CreatedAt, byte[] Job, string? Note)>("SELECT id, state, created_at, job, note FROM jobs");
        Assert.Equal(("kept", 2L, "", 0, null), (row.Id, row.State, row.CreatedAt, row.Job.Length, row.Note));
        connection.Execute("INSERT INTO epoch_metrics (job_id, value) VALUES ('kept', 0.5)");
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_jobs_state'"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
