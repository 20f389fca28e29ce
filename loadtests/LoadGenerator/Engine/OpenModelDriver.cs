using System.Diagnostics;

namespace Mlops.LoadGenerator.Engine;

/// <summary>
/// Open model: a dedicated thread releases each request at its scheduled time whatever earlier
/// requests are doing, and the latency clock starts at that scheduled time, not when the request
/// got sent, so a stall in the target or in this process shows up as latency (no coordinated omission).
/// </summary>
internal static class OpenModelDriver
{
    private const int MaxSleepMilliseconds = 20;

    public static Task RunAsync(OpenLoad phase, LoadContext load)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Schedule(phase, load);
                done.SetResult();
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "open-model-scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task;
    }

    private static void Schedule(OpenLoad phase, LoadContext load)
    {
        var frequency = (double)Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var total = phase.TotalRequests;
        var stop = load.LoadStop.Token;
        long next = 0;
        while (next < total && !stop.IsCancellationRequested)
        {
            var elapsed = (Stopwatch.GetTimestamp() - start) / frequency;
            double due;
            while (next < total && (due = phase.ScheduledSecond(next)) <= elapsed)
            {
                if (!Dispatch(load, start + (long)(due * frequency)))
                {
                    return;
                }

                next++;
            }

            if (next < total)
            {
                // Sleeping at least 1 ms batches requests at high rates; their scheduled times stay exact.
                SleepUntil(start, phase.ScheduledSecond(next), stop);
            }
        }

        while (!stop.IsCancellationRequested && Stopwatch.GetElapsedTime(start) < phase.During)
        {
            SleepUntil(start, phase.During.TotalSeconds, stop);
        }
    }

    private static bool Dispatch(LoadContext load, long scheduledTimestamp)
    {
        var slot = load.Picker.Next();
        if (load.InFlight >= load.Options.MaxInFlight)
        {
            slot.Meter.RecordDropped();
            return true;
        }

        if (!load.Budget.TryTake())
        {
            load.LoadStop.Cancel();
            return false;
        }

        load.Enter();
        ThreadPool.UnsafeQueueUserWorkItem(new Invocation(load, slot, scheduledTimestamp), preferLocal: false);
        return true;
    }

    private static void SleepUntil(long start, double second, CancellationToken stop)
    {
        var waitMs = (second - Stopwatch.GetElapsedTime(start).TotalSeconds) * 1000;
        if (!stop.IsCancellationRequested)
        {
            Thread.Sleep(Math.Clamp((int)Math.Ceiling(waitMs), 1, MaxSleepMilliseconds));
        }
    }

    private sealed class Invocation(LoadContext load, ScenarioSlot slot, long scheduledTimestamp) : IThreadPoolWorkItem
    {
        public void Execute() => _ = RunAsync();

        private async Task RunAsync()
        {
            try
            {
                var lateness = Stopwatch.GetTimestamp() - scheduledTimestamp;
                if (lateness > load.Options.LateAfter.TotalSeconds * Stopwatch.Frequency)
                {
                    slot.Meter.RecordLate();
                }

                await load.InvokeAsync(slot, scheduledTimestamp).ConfigureAwait(false);
            }
            finally
            {
                load.Leave();
            }
        }
    }
}
