using System.Diagnostics;

namespace Mlops.LoadGenerator.Engine;

/// <summary>
/// Closed model: a number of copies each run a step, wait for it, and run the next. A controller
/// adjusts the number of copies every few milliseconds to follow the phase's ramp.
/// </summary>
internal static class ClosedModelDriver
{
    private static readonly TimeSpan ControlInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Returns when the phase's time is up, leaving the copies running so that a following closed
    /// phase takes them over without a gap or an overlap; <see cref="ClosedCopyPool.StopAll"/> ends them.
    /// </summary>
    public static async Task RunAsync(ClosedLoad phase, LoadContext load, ClosedCopyPool pool)
    {
        var start = Stopwatch.GetTimestamp();
        var stop = load.LoadStop.Token;
        while (!stop.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed >= phase.During)
            {
                break;
            }

            pool.Resize(phase.CopiesAt(elapsed.TotalSeconds), load);
            var wait = phase.During - elapsed;
            try
            {
                await Task.Delay(wait < ControlInterval ? wait : ControlInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
