using Mlops.LoadGenerator.Engine;
using Mlops.LoadGenerator.Scenarios;

namespace Mlops.LoadGenerator.Tests;

public class OpenModelTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(300)]
    public async Task Scheduler_hits_the_requested_rate_even_when_steps_are_slow(int delayMs)
    {
        var runner = new LoadRunner(
            [DelayScenario.Create(TimeSpan.FromMilliseconds(delayMs))],
            [LoadSimulation.Inject(500, TimeSpan.FromSeconds(2))]);

        var result = await runner.RunAsync();

        Assert.InRange(result.Total.Count, 950, 1050);
        Assert.InRange(result.Total.Rps, 475, 525);
        Assert.Equal(0, result.Total.Dropped);
        Assert.Equal(0, result.Total.Fail);
    }

    [Fact]
    public async Task Requests_beyond_max_in_flight_are_dropped_and_counted()
    {
        var runner = new LoadRunner(
            [DelayScenario.Create(TimeSpan.FromSeconds(1.5))],
            [LoadSimulation.Inject(200, TimeSpan.FromSeconds(1))],
            new RunOptions { MaxInFlight = 50 });

        var result = await runner.RunAsync();

        Assert.Equal(50, result.Total.Count);
        Assert.Equal(150, result.Total.Dropped);
        Assert.Equal(75, result.Total.DroppedPercent, 3);
    }

    [Fact]
    public async Task Ramp_sends_the_integral_of_the_rate_and_more_in_the_second_half()
    {
        var runner = new LoadRunner(
            [DelayScenario.Create(TimeSpan.FromMilliseconds(2))],
            [LoadSimulation.RampRate(0, 400, TimeSpan.FromSeconds(2))]);

        var result = await runner.RunAsync();

        // The area under a 0 -> 400 req/s ramp over 2 s is 400 requests, 100 of them in the first second. The timeline's
        // first second ends when its sampler thread wakes, so only "fewer in the first half" is free of scheduling.
        Assert.InRange(result.Total.Count, 380, 420);
        var firstSecond = result.Total.Timeline[0].Count;
        Assert.InRange(firstSecond, 1, (result.Total.Count / 2) - 1);
    }

    [Theory]
    [InlineData(500, 500, 2)]
    [InlineData(0, 400, 2)]
    [InlineData(300, 0, 1.5)]
    public void Scheduled_times_are_the_inverse_of_the_rate_integral(double from, double to, double seconds)
    {
        var load = LoadSimulation.RampRate(from, to, TimeSpan.FromSeconds(seconds));

        Assert.Equal((long)Math.Ceiling((from + to) / 2 * seconds - 1e-9), load.TotalRequests);
        for (long n = 1; n < load.TotalRequests; n += 7)
        {
            var at = load.ScheduledSecond(n);
            Assert.InRange(at, 0, seconds);
            Assert.Equal(n, load.RequestsBy(at), 6);
            Assert.True(at > load.ScheduledSecond(n - 1));
        }
    }
}
