using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Mlops.Frontend.Platform;

/// <summary>How figures and times read on every page.</summary>
public static class Display
{
    public static string Time(Timestamp? timestamp) =>
        timestamp is null || timestamp.Seconds == 0 ? "—" : timestamp.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    public static string Figure(double value) =>
        double.IsNaN(value) ? "—" : value.ToString(Math.Abs(value) >= 100 ? "F0" : "0.####", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    public static string Short(string id) => id.Length > 12 ? id[..12] : id;

    public static string State(Training.V1.JobState state) => state.ToString().ToLowerInvariant();

    public static string Status(Registry.V1.RunStatus status) => status.ToString().ToLowerInvariant();
}
