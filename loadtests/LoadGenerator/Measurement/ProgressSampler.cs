using System.Diagnostics;

namespace Mlops.LoadGenerator.Measurement;

/// <summary>
/// Samples the meters once a second on its own thread, so the timeline keeps its rhythm even
/// when the thread pool is saturated by the load itself.
/// </summary>
internal sealed class ProgressSampler(RunMeters meters, long startTimestamp, Action<TimelineBucket> onSample)
{
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "load-sampler" };
        _thread.Start();
    }

    /// <summary>Returns once the sampler thread has finished its last sample.</summary>
    public void Stop()
    {
        _stop.Set();
        _thread?.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        for (var second = 1; ; second++)
        {
            var wait = TimeSpan.FromSeconds(second) - Stopwatch.GetElapsedTime(startTimestamp);
            if (_stop.Wait(wait > TimeSpan.Zero ? wait : TimeSpan.Zero))
            {
                return;
            }

            var bucket = meters.Sample();
            try
            {
                onSample(bucket);
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"progress display failed: {exception.Message}");
            }
        }
    }
}
