using System.Data.Common;

namespace Mlops.Storage;

/// <summary>
/// A service's metadata database, SQLite or PostgreSQL, already brought up to date by its migrations. Repositories
/// write their SQL once against it: the SQL both engines accept (ON CONFLICT, RETURNING, LIMIT, a rowid column).
/// Not Dapper's <c>IN @list</c>: with Npgsql Dapper sends the list as one array parameter; name each value instead.
/// </summary>
public abstract class MetadataDatabase
{
    public abstract MetadataKind Kind { get; }

    /// <summary>An open connection; the caller disposes it (pooled underneath).</summary>
    public abstract DbConnection Open();
}
