using System.Globalization;

namespace Mlops.LoadGenerator.Reports;

/// <summary>How every report writes numbers: invariant culture, latency in milliseconds.</summary>
internal static class Figures
{
    public static string Ms(double microseconds) => (microseconds / 1000).ToString("0.###", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
