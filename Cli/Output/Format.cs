using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Mlops.Cli.Output;

/// <summary>How figures and times read in tables: invariant culture, a fixed number of digits, "-" for absent.</summary>
public static class Format
{
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(double value, int digits = 4) =>
        double.IsNaN(value) ? "-" : value.ToString("0." + new string('#', digits), CultureInfo.InvariantCulture);

    public static string Fixed(double value, int digits = 4) =>
        double.IsNaN(value) ? "-" : value.ToString("F" + digits, CultureInfo.InvariantCulture);

    public static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "-" : (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string PValue(double value) =>
        double.IsNaN(value) ? "-" : value < 1e-4 ? value.ToString("0.00e+0", CultureInfo.InvariantCulture) : value.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Signed(double value, int digits = 4) =>
        double.IsNaN(value) ? "-" : value.ToString("+0." + new string('0', digits) + ";-0." + new string('0', digits) + ";0", CultureInfo.InvariantCulture);

    public static string Time(Timestamp? timestamp) =>
        timestamp is null || (timestamp.Seconds == 0 && timestamp.Nanos == 0)
            ? "-"
            : timestamp.ToDateTime().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    /// <summary>A sha256 or version id cut to its first 12 characters, as git shows commits.</summary>
    public static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    /// <summary>A generated enum value in words: JobState.Running reads "running", TestVerdict.NotEnoughData "not enough data".</summary>
    public static string Words<T>(T value) where T : struct, System.Enum
    {
        var name = value.ToString();
        var words = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(name[i]));
        }

        return words.ToString();
    }
}
