namespace Mlops.Statistics.Tests;

public class FeatureSummaryBuilderTests
{
    [Fact]
    public void One_pass_gives_every_statistic_of_the_profile()
    {
        var builder = new FeatureSummaryBuilder(new FeatureSummaryOptions(0, 10) { HistogramBins = 5, ReservoirCapacity = 3 });
        builder.AddRange([2, 4, 4, 4, 5, 5, 7, 9, double.NaN, 12]);
        var summary = builder.Build();

        Assert.Equal(9, summary.Count);
        Assert.Equal(1, summary.MissingCount);
        var values = new[] { 2.0, 4, 4, 4, 5, 5, 7, 9, 12 };
        var mean = values.Average();
        Assert.Equal(mean, summary.Mean, 1e-12);
        Assert.Equal(values.Sum(v => (v - mean) * (v - mean)) / 8, summary.Variance, 1e-12);
        Assert.Equal(2.0, summary.Min);
        Assert.Equal(12.0, summary.Max);
        Assert.Equal([0L, 1, 5, 1, 1], summary.Histogram.Counts.ToArray());
        Assert.Equal(1, summary.Histogram.Overflow);
        Assert.Equal(3, summary.Reservoir.Length);
        Assert.All(summary.Reservoir, v => Assert.Contains(v, values));
    }

    [Fact]
    public void The_summary_is_a_snapshot()
    {
        var builder = new FeatureSummaryBuilder(new FeatureSummaryOptions(0, 1));
        builder.Add(0.5);
        var first = builder.Build();
        builder.Add(0.75);
        Assert.Equal(1, first.Count);
        Assert.Single(first.Reservoir);
        Assert.Equal(1, first.Histogram.InRangeCount);
        Assert.Equal(2, builder.Build().Count);
    }

    [Fact]
    public void An_empty_feature_reports_NaN_statistics_and_infinities_are_rejected()
    {
        var builder = new FeatureSummaryBuilder(new FeatureSummaryOptions(0, 1));
        builder.Add(double.NaN);
        var summary = builder.Build();
        Assert.Equal(0, summary.Count);
        Assert.True(double.IsNaN(summary.Mean) && double.IsNaN(summary.Min) && double.IsNaN(summary.Variance));
        Assert.Throws<ArgumentException>(() => builder.Add(double.PositiveInfinity));
    }

    [Fact]
    public void A_reference_reservoir_feeds_a_two_sample_test()
    {
        var random = new Random(12);
        var builder = new FeatureSummaryBuilder(new FeatureSummaryOptions(-5, 5) { ReservoirCapacity = 2000, ReservoirSeed = 9 });
        for (var i = 0; i < 50_000; i++)
        {
            builder.Add(random.NextDouble());
        }

        var reference = builder.Build().Reservoir.AsSpan();
        var sameDistribution = Enumerable.Range(0, 2000).Select(_ => random.NextDouble()).ToArray();
        var shifted = sameDistribution.Select(v => v + 0.1).ToArray();
        Assert.False(KolmogorovSmirnovTest.TwoSample(reference, sameDistribution).RejectsNullAt(0.001));
        Assert.True(KolmogorovSmirnovTest.TwoSample(reference, shifted).RejectsNullAt(0.001));
    }
}
