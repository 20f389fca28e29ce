using HdrHistogram;

namespace Mlops.LoadGenerator.Measurement;

/// <summary>The one histogram shape every measurement uses: microseconds, 1 µs to 1 h, 3 significant digits.</summary>
public static class LatencyHistogram
{
    public const long HighestMicroseconds = 3_600_000_000;
    public const int SignificantDigits = 3;

    public static LongHistogram Create() => new(1, HighestMicroseconds, SignificantDigits);

    /// <summary>Many writers at once: the recorder's histograms must be the concurrent kind, or counts get lost.</summary>
    public static Recorder CreateRecorder() =>
        new(1, HighestMicroseconds, SignificantDigits, (id, lowest, highest, digits) => new LongConcurrentHistogram(id, lowest, highest, digits));

    public static long Clamp(long microseconds) => Math.Clamp(microseconds, 0, HighestMicroseconds);
}
