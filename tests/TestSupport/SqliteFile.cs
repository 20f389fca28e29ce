using Mlops.Storage;

namespace Mlops.TestSupport;

/// <summary>A SQLite metadata database in a new temporary folder, for tests that run the same checks on SQLite and PostgreSQL.</summary>
public static class SqliteFile
{
    /// <summary>A migrated database named <paramref name="fileName"/> in a folder of its own under the temporary folder.</summary>
    public static SqliteDatabase Create(string fileName, IReadOnlyList<string> migrations) =>
        new(Path.Combine(Directory.CreateTempSubdirectory("metadata-").FullName, fileName), migrations);
}
