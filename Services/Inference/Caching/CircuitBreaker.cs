namespace Mlops.Inference.Caching;

/// <summary>
/// Opens on a failure and stays open for a fixed time, so a dead dependency costs one timeout per break instead of one per
/// request. <see cref="Failed"/> says whether the call opened it from closed, so an outage is logged once.
/// </summary>
public sealed class CircuitBreaker(TimeSpan breakDuration, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private long openUntil;
    private int failing;

    public bool IsOpen => clock.GetTimestamp() < Volatile.Read(ref openUntil);

    /// <summary>Opens the breaker; true when this starts an outage (the last call before it had succeeded).</summary>
    public bool Failed()
    {
        var until = clock.GetTimestamp() + (long)(breakDuration.TotalSeconds * clock.TimestampFrequency);
        Volatile.Write(ref openUntil, until);
        return Interlocked.Exchange(ref failing, 1) == 0;
    }

    /// <summary>Closes the breaker; true when this ends an outage.</summary>
    public bool Succeeded() => Volatile.Read(ref failing) == 1 && Interlocked.Exchange(ref failing, 0) == 1;

}
