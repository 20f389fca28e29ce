namespace Mlops.Inference.Batching;

/// <summary>
/// How long work queued to the thread pool now waits before a thread starts it. Kestrel hands each HTTP/2 stream to the
/// pool, so when the CPU is saturated requests wait there, unbounded and before any check of the service runs; this
/// measures that wait by queueing a probe every <c>interval</c> and timing it.
/// </summary>
public sealed class ThreadPoolDelay : IDisposable
{
    private readonly TimeProvider time;
    private readonly Action<Action> enqueue;
    private readonly CancellationTokenSource stop = new();
    private long pendingSince;
    private long lastWaitTicks;

    /// <param name="time">The clock waits are measured with.</param>
    /// <param name="enqueue">Queues the probe where requests wait; the thread pool's global queue in the service.</param>
    public ThreadPoolDelay(TimeProvider time, Action<Action> enqueue)
    {
        this.time = time;
        this.enqueue = enqueue;
    }

    /// <summary>Never probed: always zero, for a service that does not limit the delay.</summary>
    public static ThreadPoolDelay Unmeasured => new(TimeProvider.System, static _ => { });

    /// <summary>Probes the thread pool's global queue (where Kestrel queues streams) every <paramref name="interval"/> on a thread of its own.</summary>
    public static ThreadPoolDelay Sample(TimeSpan interval)
    {
        var delay = new ThreadPoolDelay(TimeProvider.System, static probe => ThreadPool.UnsafeQueueUserWorkItem(static run => run(), probe, preferLocal: false));
        var stop = delay.stop.Token;
        new Thread(() =>
        {
            while (!stop.WaitHandle.WaitOne(interval))
            {
                delay.Probe();
            }
        })
        { IsBackground = true, Name = "thread-pool-delay" }.Start();
        return delay;
    }

    /// <summary>The last probe's wait, or longer while the probe now queued has been waiting longer.</summary>
    public TimeSpan Current
    {
        get
        {
            var pending = Volatile.Read(ref pendingSince);
            var waiting = pending == 0 ? TimeSpan.Zero : time.GetElapsedTime(pending);
            var last = TimeSpan.FromTicks(Volatile.Read(ref lastWaitTicks));
            return waiting > last ? waiting : last;
        }
    }

    /// <summary>Queues a probe unless one is still waiting.</summary>
    public void Probe()
    {
        var queuedAt = time.GetTimestamp();
        if (Interlocked.CompareExchange(ref pendingSince, queuedAt, 0) != 0)
        {
            return;
        }

        enqueue(() =>
        {
            Volatile.Write(ref lastWaitTicks, time.GetElapsedTime(queuedAt).Ticks);
            Volatile.Write(ref pendingSince, 0);
        });
    }

    /// <summary>Stops the sampling thread. The token source is left to the collector: that thread may still be waiting on it.</summary>
    public void Dispose() => stop.Cancel();
}
