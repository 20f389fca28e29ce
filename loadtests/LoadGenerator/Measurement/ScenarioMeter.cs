using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using HdrHistogram;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Measurement;

/// <summary>
/// Live counters for one scenario. Workers record concurrently through an HdrHistogram Recorder
/// (wait-free writes); only the sampler thread takes intervals and folds them into the run total.
/// </summary>
internal sealed class ScenarioMeter(string name)
{
    private readonly Recorder _recorder = LatencyHistogram.CreateRecorder();
    private readonly LongHistogram _cumulative = LatencyHistogram.Create();
    private readonly Recorder _answeredRecorder = LatencyHistogram.CreateRecorder();
    private readonly LongHistogram _answered = LatencyHistogram.Create();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _statuses = new(StringComparer.Ordinal);
    private readonly List<TimelineBucket> _timeline = [];
    private HistogramBase? _spare;
    private HistogramBase? _answeredSpare;
    private long _invocations;
    private long _ok;
    private long _fail;
    private long _dropped;
    private long _late;
    private long _bytesSent;
    private long _bytesReceived;
    private long _failTakenSoFar;

    public string Name { get; } = name;

    public long Completed => Interlocked.Read(ref _ok) + Interlocked.Read(ref _fail);

    public long Failed => Interlocked.Read(ref _fail);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long NextInvocationNumber() => Interlocked.Increment(ref _invocations) - 1;

    public void Record(long latencyMicroseconds, StepResult result)
    {
        var latency = LatencyHistogram.Clamp(latencyMicroseconds);
        _recorder.RecordValue(latency);
        if (result.IsOk)
        {
            _answeredRecorder.RecordValue(latency);
        }

        Interlocked.Increment(ref result.IsOk ? ref _ok : ref _fail);
        Interlocked.Add(ref _bytesSent, result.BytesSent);
        Interlocked.Add(ref _bytesReceived, result.BytesReceived);
        var status = _statuses.GetOrAdd(result.Status ?? "", static _ => new StrongBox<long>());
        Interlocked.Increment(ref status.Value);
    }

    public void RecordDropped() => Interlocked.Increment(ref _dropped);

    public void RecordLate() => Interlocked.Increment(ref _late);

    /// <summary>Sampler thread only: moves what was recorded since the last call into the totals.</summary>
    public MeterInterval TakeInterval(double startSecond, double seconds)
    {
        var interval = _recorder.GetIntervalHistogram(_spare);
        _cumulative.Add(interval);
        _answeredSpare = _answeredRecorder.GetIntervalHistogram(_answeredSpare);
        _answered.Add(_answeredSpare);
        var fail = Interlocked.Read(ref _fail);
        var bucket = new TimelineBucket(
            startSecond,
            seconds,
            interval.TotalCount,
            fail - _failTakenSoFar,
            interval.TotalCount == 0 ? 0 : interval.GetValueAtPercentile(50),
            interval.TotalCount == 0 ? 0 : interval.GetValueAtPercentile(99));
        _failTakenSoFar = fail;
        _timeline.Add(bucket);
        _spare = interval;
        return new MeterInterval(interval, bucket);
    }

    /// <summary>Call after the last <see cref="TakeInterval"/>.</summary>
    public MeterTotals Totals() => new(
        _cumulative,
        _answered,
        Interlocked.Read(ref _ok),
        Interlocked.Read(ref _fail),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _late),
        Interlocked.Read(ref _bytesSent),
        Interlocked.Read(ref _bytesReceived),
        _statuses.ToDictionary(s => s.Key, s => s.Value.Value, StringComparer.Ordinal),
        _timeline);
}

internal readonly record struct MeterInterval(HistogramBase Histogram, TimelineBucket Bucket);

internal sealed record MeterTotals(
    HistogramBase Histogram,
    HistogramBase AnsweredHistogram,
    long Ok,
    long Fail,
    long Dropped,
    long Late,
    long BytesSent,
    long BytesReceived,
    IReadOnlyDictionary<string, long> Statuses,
    IReadOnlyList<TimelineBucket> Timeline)
{
    public ScenarioStats ToStats(string name, double activeSeconds) => new(
        name,
        Ok + Fail,
        Ok,
        Fail,
        Dropped,
        Late,
        activeSeconds > 0 ? (Ok + Fail) / activeSeconds : 0,
        LatencySummary.From(Histogram),
        LatencySummary.From(AnsweredHistogram),
        Statuses,
        BytesSent,
        BytesReceived,
        Timeline);
}
