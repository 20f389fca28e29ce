using Dapper;
using Microsoft.Data.Sqlite;

namespace Mlops.Storage;

/// <summary>
/// Brings a database whose user_version says "migrated" but whose tables lack what those migrations create today
/// (written while a migration was still being edited) to that layout: missing tables, indexes and columns are added,
/// nothing is dropped. Columns added NOT NULL get the type's empty value, which the repositories read as "unset".
/// </summary>
internal static class SqliteLayoutRepair
{
    public static void Apply(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> appliedMigrations)
    {
        using var expected = new SqliteConnection("Data Source=:memory:");
        expected.Open();
        foreach (var migration in appliedMigrations)
        {
            expected.Execute(migration);
        }

        var actualTables = Objects(connection, "table", transaction);
        foreach (var (table, sql) in Objects(expected, "table"))
        {
            if (!actualTables.ContainsKey(table))
            {
                connection.Execute(sql, transaction: transaction);
                continue;
            }

            var present = Columns(connection, table, transaction).Select(c => c.name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var column in Columns(expected, table).Where(c => !present.Contains(c.name)))
            {
                connection.Execute($"ALTER TABLE \"{table}\" ADD COLUMN {Definition(column)}", transaction: transaction);
            }
        }

        var actualIndexes = Objects(connection, "index", transaction);
        foreach (var (index, sql) in Objects(expected, "index").Where(i => !actualIndexes.ContainsKey(i.Key)))
        {
            connection.Execute(sql, transaction: transaction);
        }
    }

    private static string Definition(ColumnInfo column)
    {
        var type = column.type.ToUpperInvariant();
        var empty = column.dflt_value ?? (type.Contains("INT", StringComparison.Ordinal) || type.Contains("REAL", StringComparison.Ordinal)
            ? "0"
            : type.Contains("BLOB", StringComparison.Ordinal) ? "X''" : "''");
        return column.notnull != 0
            ? $"\"{column.name}\" {column.type} NOT NULL DEFAULT {empty}"
            : $"\"{column.name}\" {column.type}" + (column.dflt_value is null ? "" : $" DEFAULT {column.dflt_value}");
    }

    private static Dictionary<string, string> Objects(SqliteConnection connection, string type, SqliteTransaction? transaction = null) =>
        connection.Query<(string Name, string Sql)>(
                "SELECT name, sql FROM sqlite_master WHERE type = @type AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'",
                new { type }, transaction)
            .ToDictionary(o => o.Name, o => o.Sql, StringComparer.OrdinalIgnoreCase);

    private static List<ColumnInfo> Columns(SqliteConnection connection, string table, SqliteTransaction? transaction = null) =>
        connection.Query<ColumnInfo>($"SELECT name, type, \"notnull\", CAST(dflt_value AS TEXT) AS dflt_value FROM pragma_table_info('{table}')", transaction: transaction).ToList();

#pragma warning disable IDE1006 // Column names, as Dapper maps them.
    // Settable properties rather than a constructor: SQLite reports an all-NULL column's type as BLOB.
    private sealed class ColumnInfo
    {
        public string name { get; set; } = "";

        public string type { get; set; } = "";

        public long notnull { get; set; }

        public string? dflt_value { get; set; }
    }
#pragma warning restore IDE1006
}
