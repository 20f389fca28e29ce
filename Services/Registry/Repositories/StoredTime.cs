using System.Globalization;

namespace Mlops.Registry.Repositories;

/// <summary>Timestamps as sortable ISO-8601 text, the form SQLite compares correctly.</summary>
internal static class StoredTime
{
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
