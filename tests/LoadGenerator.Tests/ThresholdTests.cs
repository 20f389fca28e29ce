using Mlops.LoadGenerator.Engine;
using Mlops.LoadGenerator.Measurement;
using Mlops.LoadGenerator.Thresholds;

namespace Mlops.LoadGenerator.Tests;

public class ThresholdTests
{
    [Theory]
    [InlineData("fail% < 1", null, ThresholdMetric.FailPercent, ThresholdOperator.Less, 1)]
    [InlineData("fail < 1%", null, ThresholdMetric.FailPercent, ThresholdOperator.Less, 1)]
    [InlineData("p99 < 10ms", null, ThresholdMetric.P99, ThresholdOperator.Less, 10_000)]
    [InlineData("p99<10", null, ThresholdMetric.P99, ThresholdOperator.Less, 10_000)]
    [InlineData("p95 <= 2.5s", null, ThresholdMetric.P95, ThresholdOperator.LessOrEqual, 2_500_000)]
    [InlineData("mean < 800us", null, ThresholdMetric.Mean, ThresholdOperator.Less, 800)]
    [InlineData("rps > 1000", null, ThresholdMetric.Rps, ThresholdOperator.Greater, 1000)]
    [InlineData("predict-batch:count >= 50", "predict-batch", ThresholdMetric.Count, ThresholdOperator.GreaterOrEqual, 50)]
    [InlineData("dropped == 0", null, ThresholdMetric.Dropped, ThresholdOperator.Equal, 0)]
    public void Parses_the_written_form(string text, string? scenario, ThresholdMetric metric, ThresholdOperator op, double limit)
    {
        var threshold = Threshold.Parse(text);

        Assert.Equal(scenario, threshold.Scenario);
        Assert.Equal(metric, threshold.Metric);
        Assert.Equal(op, threshold.Operator);
        Assert.Equal(limit, threshold.Limit, 6);
    }

    [Theory]
    [InlineData("p99")]
    [InlineData("p98 < 10ms")]
    [InlineData("p99 < 10kg")]
    [InlineData("rps > 10ms")]
    [InlineData("rps ~ 10")]
    [InlineData("")]
    public void Rejects_what_it_cannot_read(string text)
    {
        var error = Assert.Throws<FormatException>(() => Threshold.Parse(text));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluates_against_the_total_or_the_named_scenario()
    {
        var fast = Stats("fast", count: 1000, fail: 5, p99Us: 4000, rps: 2000);
        var slow = Stats("slow", count: 100, fail: 0, p99Us: 40_000, rps: 200);
        var total = Stats("all", count: 1100, fail: 5, p99Us: 30_000, rps: 2200);
        var result = new RunResult(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), new Uri("http://127.0.0.1"), [], [fast, slow], total);

        Assert.False(Threshold.Parse("p99 < 10ms").Evaluate(result).Passed);
        Assert.True(Threshold.Parse("fast:p99 < 10ms").Evaluate(result).Passed);
        Assert.False(Threshold.Parse("slow:p99 < 10ms").Evaluate(result).Passed);
        Assert.True(Threshold.Parse("fail% < 1").Evaluate(result).Passed);
        Assert.False(Threshold.Parse("fail% < 0.4").Evaluate(result).Passed);
        Assert.True(Threshold.Parse("rps > 2000").Evaluate(result).Passed);

        var missing = Threshold.Parse("nothere:p99 < 10ms").Evaluate(result);
        Assert.False(missing.Passed);
        Assert.Null(missing.Actual);
    }

    private static ScenarioStats Stats(string name, long count, long fail, double p99Us, double rps) => new(
        name, count, count - fail, fail, 0, 0, rps,
        LatencySummary.Empty with { P99Us = p99Us },
        LatencySummary.Empty,
        new Dictionary<string, long>(), 0, 0, []);
}
