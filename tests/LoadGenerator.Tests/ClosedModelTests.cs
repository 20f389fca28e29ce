using System.Collections.Concurrent;
using System.Diagnostics;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Tests;

public class ClosedModelTests
{
    [Fact]
    public async Task Keeps_exactly_the_requested_number_of_copies_busy()
    {
        var probe = new ConcurrencyProbe();

        var result = await new LoadRunner([probe.Scenario], [LoadSimulation.KeepConstant(8, TimeSpan.FromSeconds(1))]).RunAsync();

        // A busy share rather than a step count: a loaded machine stretches every 5 ms delay, but a
        // closed copy that starts its next step straight away keeps its share high regardless.
        var busyShare = probe.BusyTime / (8 * result.LoadDuration);
        Assert.Equal(8, probe.Max);
        Assert.True(busyShare >= 0.5, $"the 8 copies were busy only {busyShare:P0} of the {result.LoadDuration.TotalMilliseconds:0} ms load");
    }

    [Fact]
    public async Task Ramps_copies_up_then_phases_follow_in_order()
    {
        var probe = new ConcurrencyProbe();
        var ramp = LoadSimulation.RampCopies(1, 6, TimeSpan.FromSeconds(1));

        // The probe's clock starts before the ramp's, so at any probe time the ramp can have started
        // at most CopiesAt(that time) copies, however late a loaded machine runs the control loop.
        probe.StartClock();
        await new LoadRunner(
            [probe.Scenario],
            [ramp, LoadSimulation.KeepConstant(6, TimeSpan.FromSeconds(0.3)), LoadSimulation.KeepConstant(2, TimeSpan.FromSeconds(0.5))]).RunAsync();

        Assert.Equal(1, probe.SeenFirst);
        Assert.All(probe.Samples, sample => Assert.True(
            sample.Copies <= ramp.CopiesAt(sample.Elapsed.TotalSeconds),
            $"{sample.Copies} copies busy {sample.Elapsed.TotalMilliseconds:0} ms in, ramp allows {ramp.CopiesAt(sample.Elapsed.TotalSeconds)}"));
        Assert.Equal(6, probe.Max);
        Assert.InRange(probe.LastSeen, 1, 2);
    }

    [Fact]
    public async Task Stops_at_the_request_limit()
    {
        var probe = new ConcurrencyProbe();

        var result = await new LoadRunner([probe.Scenario], [LoadSimulation.KeepConstant(4, TimeSpan.FromSeconds(30))], new RunOptions { MaxRequests = 123 }).RunAsync();

        Assert.Equal(123, result.Total.Count);
        Assert.True(result.LoadDuration < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Warm_up_steps_are_not_measured()
    {
        var warmUpCalls = 0;
        var scenario = new Scenario("warm", async (context, ct) =>
        {
            if (context.IsWarmUp)
            {
                Interlocked.Increment(ref warmUpCalls);
            }

            await Task.Delay(2, ct);
            return StepResult.Ok();
        })
        { WarmUp = TimeSpan.FromMilliseconds(300) };

        var result = await new LoadRunner([scenario], [LoadSimulation.KeepConstant(1, TimeSpan.FromMilliseconds(300))], new RunOptions { MaxRequests = 20 }).RunAsync();

        Assert.True(warmUpCalls > 20, $"warm-up made {warmUpCalls} calls");
        Assert.Equal(20, result.Total.Count);
    }

    [Fact]
    public async Task Init_runs_before_the_load_and_clean_after_it()
    {
        var events = new List<string>();
        var scenario = new Scenario("lifecycle", (_, _) =>
        {
            lock (events)
            {
                if (events[^1] != "step")
                {
                    events.Add("step");
                }
            }

            return Task.FromResult(StepResult.Ok());
        })
        {
            Init = (context, _) =>
            {
                events.Add($"init {context.Target.Port}");
                return Task.CompletedTask;
            },
            Clean = _ =>
            {
                events.Add("clean");
                return Task.CompletedTask;
            },
        };

        await new LoadRunner([scenario], [LoadSimulation.KeepConstant(1, TimeSpan.FromSeconds(30))], new RunOptions { Target = new Uri("http://127.0.0.1:7777"), MaxRequests = 5 }).RunAsync();

        Assert.Equal(["init 7777", "step", "clean"], events);
    }

    [Fact]
    public async Task A_throwing_step_is_a_failure_labelled_with_the_exception()
    {
        var scenario = new Scenario("throws", (_, _) => throw new InvalidOperationException("boom"));

        var result = await new LoadRunner([scenario], [LoadSimulation.KeepConstant(1, TimeSpan.FromSeconds(1))], new RunOptions { MaxRequests = 10 }).RunAsync();

        Assert.Equal(10, result.Total.Fail);
        Assert.Equal(10, result.Total.Statuses["InvalidOperationException"]);
    }

    private sealed record ProbeSample(TimeSpan Elapsed, int Copies);

    private sealed class ConcurrencyProbe
    {
        private int _current;
        private int _max;
        private int _seenFirst;
        private long _clockStart;
        private long _busyTicks;

        public ConcurrencyProbe()
        {
            Scenario = new Scenario("probe", async (_, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                var now = Interlocked.Increment(ref _current);
                Interlocked.CompareExchange(ref _seenFirst, now, 0);
                InterlockedMax(ref _max, now);
                if (_clockStart != 0)
                {
                    Samples.Add(new ProbeSample(Stopwatch.GetElapsedTime(_clockStart), now));
                }

                await Task.Delay(5, ct);
                LastSeen = Volatile.Read(ref _current);
                Interlocked.Decrement(ref _current);
                Interlocked.Add(ref _busyTicks, Stopwatch.GetElapsedTime(started).Ticks);
                return StepResult.Ok();
            });
        }

        public Scenario Scenario { get; }

        public int Max => Volatile.Read(ref _max);

        public int SeenFirst => Volatile.Read(ref _seenFirst);

        public int LastSeen { get; private set; }

        public TimeSpan BusyTime => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks));

        public ConcurrentBag<ProbeSample> Samples { get; } = [];

        public void StartClock() => _clockStart = Stopwatch.GetTimestamp();

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
