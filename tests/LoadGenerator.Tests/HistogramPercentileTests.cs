using Mlops.LoadGenerator.Engine;
using Mlops.LoadGenerator.Measurement;

namespace Mlops.LoadGenerator.Tests;

public class HistogramPercentileTests
{
    // Three significant digits: any value is reported within 0.1% of itself.
    private const double Precision = 0.001;

    [Fact]
    public void Uniform_1_to_10000_microseconds_gives_the_known_percentiles()
    {
        var meter = new ScenarioMeter("uniform");
        for (var us = 1; us <= 10_000; us++)
        {
            meter.Record(us, StepResult.Ok());
        }

        meter.TakeInterval(0, 1);
        var stats = meter.Totals().ToStats("uniform", 1);

        Assert.Equal(10_000, stats.Count);
        AssertClose(5000, stats.Latency.P50Us);
        AssertClose(7500, stats.Latency.P75Us);
        AssertClose(9500, stats.Latency.P95Us);
        AssertClose(9900, stats.Latency.P99Us);
        AssertClose(10_000, stats.Latency.MaxUs);
        AssertClose(5000.5, stats.Latency.MeanUs);
        Assert.Equal(1, stats.Latency.MinUs);
    }

    [Fact]
    public void The_answered_latency_leaves_out_failed_requests_however_slow_or_fast()
    {
        var meter = new ScenarioMeter("answered");
        for (var us = 1; us <= 1000; us++)
        {
            meter.Record(us, StepResult.Ok());
            meter.Record(5_000_000, StepResult.Fail("DeadlineExceeded"));
            meter.Record(1, StepResult.Fail("ThrottledByClient"));
        }

        meter.TakeInterval(0, 1);
        var stats = meter.Totals().ToStats("answered", 1);

        Assert.Equal(1000, stats.Ok);
        AssertClose(5_000_000, stats.Latency.P99Us);
        AssertClose(500, stats.AnsweredLatency.P50Us);
        AssertClose(990, stats.AnsweredLatency.P99Us);
        AssertClose(1000, stats.AnsweredLatency.MaxUs);
    }

    [Fact]
    public void Exponential_sample_matches_exact_sorted_sample_percentiles()
    {
        var random = new Random(20240611);
        var sample = Enumerable.Range(0, 200_000)
            .Select(_ => (long)Math.Round(-Math.Log(1 - random.NextDouble()) * 2000) + 1)
            .ToArray();
        var meter = new ScenarioMeter("exponential");
        foreach (var value in sample)
        {
            meter.Record(value, StepResult.Ok());
        }

        meter.TakeInterval(0, 1);
        var latency = meter.Totals().ToStats("exponential", 1).Latency;

        Array.Sort(sample);
        AssertClose(NearestRank(sample, 50), latency.P50Us);
        AssertClose(NearestRank(sample, 75), latency.P75Us);
        AssertClose(NearestRank(sample, 95), latency.P95Us);
        AssertClose(NearestRank(sample, 99), latency.P99Us);
        AssertClose(sample[^1], latency.MaxUs);
        AssertClose(sample.Average(), latency.MeanUs);
    }

    [Fact]
    public async Task Concurrent_recording_loses_no_values()
    {
        var meter = new ScenarioMeter("concurrent");
        var sampling = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                meter.TakeInterval(i, 1);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                meter.Record(100 + worker, i % 10 == 0 ? StepResult.Fail("Unavailable") : StepResult.Ok());
            }
        })).Append(sampling));
        meter.TakeInterval(50, 1);

        var stats = meter.Totals().ToStats("concurrent", 1);
        Assert.Equal(200_000, stats.Count);
        Assert.Equal(20_000, stats.Fail);
        Assert.Equal(200_000, stats.Timeline.Sum(b => b.Count));
        Assert.Equal(20_000, stats.Timeline.Sum(b => b.Fail));
        Assert.Equal(20_000, stats.Statuses["Unavailable"]);
    }

    private static double NearestRank(long[] sorted, double percentile) =>
        sorted[(int)Math.Ceiling(percentile / 100 * sorted.Length) - 1];

    private static void AssertClose(double expected, double actual) =>
        Assert.InRange(actual, (expected * (1 - Precision)) - 1, (expected * (1 + Precision)) + 1);
}
