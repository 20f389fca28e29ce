using System.Diagnostics;

namespace Mlops.TestSupport;

/// <summary>
/// Waits for something a system under test does in the background: polls until the probe returns a value, and fails with
/// what was awaited (and, when given, what the system did instead) once the limit is reached. Limits are generous for a
/// loaded CI box; the wait ends as soon as the condition holds, so no test depends on the wall clock.
/// </summary>
public static class Condition
{
    /// <summary>How often the probe is asked when the caller does not say.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="probe">The value once the condition holds, null before.</param>
    /// <param name="limit">How long to wait at most.</param>
    /// <param name="interval">The pause between probes; <see cref="DefaultInterval"/> by default.</param>
    /// <param name="detail">Asked once on time-out: what the system did instead.</param>
    public static async Task<T> WaitForAsync<T>(
        string what, Func<Task<T?>> probe, TimeSpan limit, TimeSpan? interval = null, Func<Task<string>>? detail = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (waited.Elapsed > limit)
            {
                var instead = detail is null ? "" : $"; {await detail()}";
                throw new TimeoutException($"Waited {limit} for {what}{instead}.");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
