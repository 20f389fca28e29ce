using System.Data.Common;

namespace Mlops.ServiceDefaults;

/// <summary>
/// Recognises a write that failed because the service's storage is full: ENOSPC or EDQUOT from the file system (also
/// under a wrapping exception), SQLite's "database or disk is full" and PostgreSQL's disk_full (SQLSTATE 53100).
/// The error policy answers it RESOURCE_EXHAUSTED, a condition an operator fixes, instead of an unexpected failure.
/// </summary>
public static class StorageFull
{
    private const int NoSpace = 28;            // ENOSPC
    private const int QuotaExceeded = 122;     // EDQUOT
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    public const string Message =
        "The service's storage is full, so this call stored nothing (what it had written so far was discarded). Free space on its data volume, or enlarge it, and retry.";

    public static bool Caused(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case IOException { HResult: NoSpace or QuotaExceeded or WindowsDiskFull or WindowsHandleDiskFull }:
                case DbException { SqlState: "53100" }:
                case DbException database when database.Message.Contains("database or disk is full", StringComparison.OrdinalIgnoreCase):
                    return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(Caused))
            {
                return true;
            }
        }

        return false;
    }
}
