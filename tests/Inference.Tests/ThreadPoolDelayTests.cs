using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mlops.Inference.Batching;
using Mlops.Inference.Serving;
using Mlops.Inference.Telemetry;
using Mlops.ServiceDefaults;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

public sealed class ThreadPoolDelayTests
{
    [Fact]
    public void The_delay_is_the_last_probes_wait_or_longer_while_the_next_probe_still_waits()
    {
        var clock = new ManualClock();
        var queued = new Queue<Action>();
        using var delay = new ThreadPoolDelay(clock, queued.Enqueue);
        Assert.Equal(TimeSpan.Zero, delay.Current);

        delay.Probe();
        clock.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(TimeSpan.FromMilliseconds(30), delay.Current);
        delay.Probe();
        Assert.Single(queued);

        queued.Dequeue()();
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(30), delay.Current);

        delay.Probe();
        clock.Advance(TimeSpan.FromMilliseconds(2));
        queued.Dequeue()();
        Assert.Equal(TimeSpan.FromMilliseconds(2), delay.Current);
    }

    [Fact]
    public async Task Sampling_measures_the_real_thread_pool_while_its_threads_are_all_busy()
    {
        using var delay = ThreadPoolDelay.Sample(TimeSpan.FromMilliseconds(1));
        Assert.True(WaitUntil(() => delay.Current < TimeSpan.FromSeconds(1)), "an idle pool stayed behind");

        // More blocking items than the pool has threads: the probe queues behind the rest until the pool adds threads.
        using var release = new ManualResetEventSlim();
        var blockers = Enumerable.Range(0, ThreadPool.ThreadCount + 16)
            .Select(_ => Task.Factory.StartNew(() => release.Wait(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default))
            .ToArray();
        try
        {
            Assert.True(WaitUntil(() => delay.Current > TimeSpan.FromMilliseconds(200)), "blocked threads went unmeasured");
        }
        finally
        {
            release.Set();
            await Task.WhenAll(blockers);
        }

        Assert.True(WaitUntil(() => delay.Current < TimeSpan.FromMilliseconds(200)), "the delay stayed up once the pool was free");
    }

    [Fact]
    public void Past_the_limit_a_request_is_refused_with_when_to_retry_and_counted_by_reason()
    {
        var clock = new ManualClock();
        using var delay = new ThreadPoolDelay(clock, _ => { });
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var metrics = new InferenceMetrics(meterFactory);
        var reasons = new List<object?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == "mlops.inference.rejected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => reasons.Add(tags.ToArray().Single(tag => tag.Key == "reason").Value));
        listener.Start();
        var admission = new ThreadPoolAdmission(delay, Options.Create(new BatchingOptions { MaxThreadPoolDelayMilliseconds = 50 }), metrics);

        delay.Probe();
        clock.Advance(TimeSpan.FromMilliseconds(50));
        admission.EnsureAdmitted(3);
        clock.Advance(TimeSpan.FromMilliseconds(25));
        var refused = Assert.Throws<ServiceOverloadedException>(() => admission.EnsureAdmitted(3));

        Assert.Contains("wait 75 ms for a thread", refused.Message, StringComparison.Ordinal);
        Assert.Equal("1", refused.RetryAfterSeconds);
        Assert.Equal(InferenceMetrics.ThreadPoolDelay, Assert.Single(reasons));
        var off = new ThreadPoolAdmission(delay, Options.Create(new BatchingOptions()), metrics);
        Assert.False(off.Enabled);
        off.EnsureAdmitted(3);
    }

    /// <summary>Polls on this thread, not the pool's: the pool is what the test blocks.</summary>
    private static bool WaitUntil(Func<bool> condition)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (limit.Elapsed > TimeSpan.FromMinutes(2))
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return true;
    }
}
