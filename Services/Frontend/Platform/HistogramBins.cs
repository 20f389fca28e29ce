using System.Globalization;
using Mlops.Common.V1;

namespace Mlops.Frontend.Platform;

/// <summary>A histogram's bins as chart labels (every other bin's lower edge) and as shares of the total, so histograms of different sizes compare.</summary>
public static class HistogramBins
{
    public static string[] Labels(Histogram histogram)
    {
        var bins = histogram.Counts.Count;
        var width = bins == 0 ? 0 : (histogram.Max - histogram.Min) / bins;
        return Enumerable.Range(0, bins)
            .Select(bin => bin % Math.Max(1, bins / 8) == 0 ? (histogram.Min + (bin * width)).ToString("0.##", CultureInfo.InvariantCulture) : "")
            .ToArray();
    }

    public static double[] Shares(Histogram histogram)
    {
        var total = histogram.Counts.Sum();
        return histogram.Counts.Select(count => total == 0 ? 0 : (double)count / total).ToArray();
    }
}
