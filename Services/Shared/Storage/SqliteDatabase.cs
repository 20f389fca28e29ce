using Dapper;
using Microsoft.Data.Sqlite;

namespace Mlops.Storage;

/// <summary>
/// A service's own SQLite file in WAL mode, brought up to date by an ordered list of migration scripts
/// (the schema version is SQLite's user_version).
/// </summary>
public sealed class SqliteDatabase : MetadataDatabase
{
    private readonly string connectionString;

    public SqliteDatabase(string path, IReadOnlyList<string> migrations)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        Path = path;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Migrate(migrations);
    }

    public string Path { get; }

    public override MetadataKind Kind => MetadataKind.Sqlite;

    public override SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        connection.Execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private void Migrate(IReadOnlyList<string> migrations)
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        var version = connection.ExecuteScalar<long>("PRAGMA user_version");
        if (version > migrations.Count)
        {
            throw new InvalidOperationException(
                $"{Path} has schema version {version}, newer than the {migrations.Count} this build knows: it was written by a newer version; run that one.");
        }

        if (version > 0)
        {
            using var transaction = connection.BeginTransaction();
            SqliteLayoutRepair.Apply(connection, transaction, migrations.Take((int)version));
            transaction.Commit();
        }

        for (var index = (int)version; index < migrations.Count; index++)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(migrations[index], transaction: transaction);
            connection.Execute($"PRAGMA user_version = {index + 1}", transaction: transaction);
            transaction.Commit();
        }
    }
}
