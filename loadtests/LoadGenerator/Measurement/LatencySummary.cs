using HdrHistogram;

namespace Mlops.LoadGenerator.Measurement;

/// <summary>Latency figures in microseconds.</summary>
public sealed record LatencySummary(double MinUs, double MeanUs, double P50Us, double P75Us, double P95Us, double P99Us, double MaxUs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        var lowest = histogram.RecordedValues().First().ValueIteratedTo;
        return new LatencySummary(
            histogram.LowestEquivalentValue(lowest),
            histogram.GetMean(),
            histogram.GetValueAtPercentile(50),
            histogram.GetValueAtPercentile(75),
            histogram.GetValueAtPercentile(95),
            histogram.GetValueAtPercentile(99),
            histogram.GetMaxValue());
    }
}
