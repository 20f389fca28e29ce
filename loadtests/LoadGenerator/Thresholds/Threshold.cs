using System.Globalization;
using System.Text.RegularExpressions;
using Mlops.LoadGenerator.Measurement;

namespace Mlops.LoadGenerator.Thresholds;

/// <summary>
/// A pass/fail rule checked after the run, written like <c>fail% &lt; 1</c>, <c>p99 &lt; 10ms</c>,
/// <c>rps &gt; 1000</c> or, for one scenario, <c>predict:p95 &lt;= 2.5ms</c>. Latency limits are kept in microseconds.
/// </summary>
public sealed partial record Threshold(string Text, string? Scenario, ThresholdMetric Metric, ThresholdOperator Operator, double Limit)
{
    private static readonly Dictionary<string, ThresholdMetric> MetricNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["count"] = ThresholdMetric.Count,
        ["requests"] = ThresholdMetric.Count,
        ["ok"] = ThresholdMetric.Ok,
        ["fail"] = ThresholdMetric.Fail,
        ["errors"] = ThresholdMetric.Fail,
        ["fail%"] = ThresholdMetric.FailPercent,
        ["error%"] = ThresholdMetric.FailPercent,
        ["rps"] = ThresholdMetric.Rps,
        ["min"] = ThresholdMetric.Min,
        ["mean"] = ThresholdMetric.Mean,
        ["p50"] = ThresholdMetric.P50,
        ["median"] = ThresholdMetric.P50,
        ["p75"] = ThresholdMetric.P75,
        ["p95"] = ThresholdMetric.P95,
        ["p99"] = ThresholdMetric.P99,
        ["max"] = ThresholdMetric.Max,
        ["dropped"] = ThresholdMetric.Dropped,
        ["dropped%"] = ThresholdMetric.DroppedPercent,
        ["late"] = ThresholdMetric.Late,
    };

    private static readonly Dictionary<string, double> MicrosecondsPerUnit = new(StringComparer.Ordinal)
    {
        [""] = 1000,
        ["ms"] = 1000,
        ["us"] = 1,
        ["µs"] = 1,
        ["s"] = 1_000_000,
    };

    public bool IsLatency => Metric is ThresholdMetric.Min or ThresholdMetric.Mean or ThresholdMetric.P50 or ThresholdMetric.P75
        or ThresholdMetric.P95 or ThresholdMetric.P99 or ThresholdMetric.Max;

    /// <exception cref="FormatException">The text is not a threshold; the message says what is accepted.</exception>
    public static Threshold Parse(string text)
    {
        var match = Syntax().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"Threshold '{text}' is not of the form '[scenario:]metric op value[unit]', e.g. 'p99 < 10ms'.");
        }

        var metricName = match.Groups["metric"].Value;
        var unit = match.Groups["unit"].Value;
        if (!MetricNames.TryGetValue(metricName, out var metric))
        {
            throw new FormatException($"Threshold '{text}': unknown metric '{metricName}'. Known: {string.Join(", ", MetricNames.Keys)}.");
        }

        var limit = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var threshold = new Threshold(text.Trim(), NullIfEmpty(match.Groups["scenario"].Value), metric, ParseOperator(match.Groups["op"].Value), limit);
        if (threshold.IsLatency)
        {
            if (!MicrosecondsPerUnit.TryGetValue(unit.ToLowerInvariant(), out var factor))
            {
                throw new FormatException($"Threshold '{text}': latency unit '{unit}' is not one of us, ms, s.");
            }

            return threshold with { Limit = limit * factor };
        }

        return unit switch
        {
            "" => threshold,
            "%" when metric is ThresholdMetric.Fail => threshold with { Metric = ThresholdMetric.FailPercent },
            "%" when metric is ThresholdMetric.Dropped => threshold with { Metric = ThresholdMetric.DroppedPercent },
            "%" when metric is ThresholdMetric.FailPercent or ThresholdMetric.DroppedPercent => threshold,
            _ => throw new FormatException($"Threshold '{text}': '{metricName}' takes no unit '{unit}'."),
        };
    }

    public ThresholdOutcome Evaluate(RunResult result)
    {
        var stats = Scenario is null || string.Equals(Scenario, result.Total.Name, StringComparison.OrdinalIgnoreCase)
            ? result.Total
            : result.Scenarios.FirstOrDefault(s => string.Equals(s.Name, Scenario, StringComparison.OrdinalIgnoreCase));
        if (stats is null)
        {
            return new ThresholdOutcome(this, null, false);
        }

        var actual = ValueOf(stats);
        var passed = Operator switch
        {
            ThresholdOperator.Less => actual < Limit,
            ThresholdOperator.LessOrEqual => actual <= Limit,
            ThresholdOperator.Greater => actual > Limit,
            ThresholdOperator.GreaterOrEqual => actual >= Limit,
            _ => actual == Limit,
        };
        return new ThresholdOutcome(this, actual, passed);
    }

    private double ValueOf(ScenarioStats stats) => Metric switch
    {
        ThresholdMetric.Count => stats.Count,
        ThresholdMetric.Ok => stats.Ok,
        ThresholdMetric.Fail => stats.Fail,
        ThresholdMetric.FailPercent => stats.FailPercent,
        ThresholdMetric.Rps => stats.Rps,
        ThresholdMetric.Min => stats.Latency.MinUs,
        ThresholdMetric.Mean => stats.Latency.MeanUs,
        ThresholdMetric.P50 => stats.Latency.P50Us,
        ThresholdMetric.P75 => stats.Latency.P75Us,
        ThresholdMetric.P95 => stats.Latency.P95Us,
        ThresholdMetric.P99 => stats.Latency.P99Us,
        ThresholdMetric.Max => stats.Latency.MaxUs,
        ThresholdMetric.Dropped => stats.Dropped,
        ThresholdMetric.DroppedPercent => stats.DroppedPercent,
        _ => stats.Late,
    };

    private static ThresholdOperator ParseOperator(string op) => op switch
    {
        "<" => ThresholdOperator.Less,
        "<=" => ThresholdOperator.LessOrEqual,
        ">" => ThresholdOperator.Greater,
        ">=" => ThresholdOperator.GreaterOrEqual,
        _ => ThresholdOperator.Equal,
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex(@"^\s*(?:(?<scenario>[A-Za-z0-9_.\-]+)\s*:\s*)?(?<metric>[A-Za-z][A-Za-z0-9]*%?)\s*(?<op><=|>=|==|<|>|=)\s*(?<value>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(?<unit>[A-Za-zµ%]*)\s*$")]
    private static partial Regex Syntax();
}
