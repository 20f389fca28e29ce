using Mlops.Drift.Model;
using Mlops.Statistics;

namespace Mlops.Drift.Detection;

/// <summary>Reference and current values binned on the same equal-width edges, so they can be drawn over each other and compared by PSI.</summary>
internal static class HistogramPair
{
    public static (Histogram Reference, Histogram Current) Build(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins)
    {
        var all = reference.Concat(current).ToList();
        var min = all.Count == 0 ? 0 : all.Min();
        var max = all.Count == 0 ? 1 : all.Max();
        if (!(max > min))
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        return (Bin(reference, min, max, bins), Bin(current, min, max, bins));
    }

    private static Histogram Bin(IEnumerable<double> values, double min, double max, int bins)
    {
        var histogram = new FixedHistogram(min, max, Math.Max(1, bins));
        foreach (var value in values)
        {
            histogram.Add(value);
        }

        return new Histogram(min, max, histogram.Counts.ToArray());
    }
}
