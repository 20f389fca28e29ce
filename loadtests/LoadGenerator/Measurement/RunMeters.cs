using System.Diagnostics;
using HdrHistogram;

namespace Mlops.LoadGenerator.Measurement;

/// <summary>The meters of one run plus the all-scenarios timeline, sampled from a single thread.</summary>
internal sealed class RunMeters
{
    public const string TotalName = "all";

    private readonly long _startTimestamp;
    private readonly LongHistogram _interval = LatencyHistogram.Create();
    private readonly List<TimelineBucket> _totalTimeline = [];
    private double _lastSampleSecond;

    public RunMeters(IEnumerable<string> scenarioNames, long startTimestamp)
    {
        Scenarios = scenarioNames.Select(n => new ScenarioMeter(n)).ToArray();
        _startTimestamp = startTimestamp;
    }

    public IReadOnlyList<ScenarioMeter> Scenarios { get; }

    public TimelineBucket Sample()
    {
        var now = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        var start = _lastSampleSecond;
        var length = now - start;
        _lastSampleSecond = now;

        _interval.Reset();
        long fail = 0;
        foreach (var meter in Scenarios)
        {
            var taken = meter.TakeInterval(start, length);
            _interval.Add(taken.Histogram);
            fail += taken.Bucket.Fail;
        }

        var bucket = new TimelineBucket(
            start,
            length,
            _interval.TotalCount,
            fail,
            _interval.TotalCount == 0 ? 0 : _interval.GetValueAtPercentile(50),
            _interval.TotalCount == 0 ? 0 : _interval.GetValueAtPercentile(99));
        _totalTimeline.Add(bucket);
        return bucket;
    }

    /// <summary>Call after the last <see cref="Sample"/>.</summary>
    public (IReadOnlyList<ScenarioStats> Scenarios, ScenarioStats Total) Summarize(double activeSeconds)
    {
        var totals = Scenarios.Select(m => (m.Name, Totals: m.Totals())).ToArray();
        var merged = LatencyHistogram.Create();
        var answered = LatencyHistogram.Create();
        var statuses = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, t) in totals)
        {
            merged.Add(t.Histogram);
            answered.Add(t.AnsweredHistogram);
            foreach (var (status, count) in t.Statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + count;
            }
        }

        var total = new MeterTotals(
            merged,
            answered,
            totals.Sum(t => t.Totals.Ok),
            totals.Sum(t => t.Totals.Fail),
            totals.Sum(t => t.Totals.Dropped),
            totals.Sum(t => t.Totals.Late),
            totals.Sum(t => t.Totals.BytesSent),
            totals.Sum(t => t.Totals.BytesReceived),
            statuses,
            _totalTimeline);

        return (totals.Select(t => t.Totals.ToStats(t.Name, activeSeconds)).ToArray(), total.ToStats(TotalName, activeSeconds));
    }
}
