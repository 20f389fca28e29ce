using Grpc.Core;
using Mlops.TestSupport;

namespace Mlops.Client.Tests;

public class AdaptiveThrottleTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void A_service_that_accepts_everything_gets_every_request()
    {
        var throttle = new AdaptiveThrottle(time: _clock, random: new Random(42).NextDouble);

        for (var second = 0; second < 30; second++)
        {
            var sent = Offer(throttle, requests: 2_000, capacity: int.MaxValue);
            Assert.Equal(2_000, sent.Sent);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(0, throttle.Counts.TurnedAway);
    }

    [Fact]
    public void Requests_still_in_flight_are_not_taken_for_refusals()
    {
        var throttle = new AdaptiveThrottle(time: _clock, random: new Random(42).NextDouble);

        // A slow service: a thousand calls sent before the first answer comes back.
        Assert.All(Enumerable.Range(0, 1_000), _ => Assert.True(throttle.TrySend()));
        throttle.RecordAccepted();

        Assert.True(throttle.TrySend());
        Assert.Equal(new AdaptiveThrottleCounts(1_001, 1, 0), throttle.Counts);
    }

    [Fact]
    public void Offered_twice_what_the_service_answers_the_client_sends_about_K_times_its_answers_and_turns_the_rest_away()
    {
        var throttle = new AdaptiveThrottle(time: _clock, random: new Random(42).NextDouble);
        var lastTen = new List<Second>();

        for (var second = 0; second < 30; second++)
        {
            var sent = Offer(throttle, requests: 2_000, capacity: 1_000);
            if (second >= 20)
            {
                lastTen.Add(sent);
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var sentTotal = lastTen.Sum(s => s.Sent);
        var answered = lastTen.Sum(s => s.Answered);
        // The service still answers all it can: the throttle never starves it.
        Assert.Equal(10 * 1_000, answered);
        // It receives about K = 1.1 requests per answer, not the 2 offered: most of the excess stays with the client.
        Assert.InRange((double)sentTotal / answered, 1.05, 1.2);
    }

    [Fact]
    public void Once_the_service_has_refused_nothing_for_a_window_the_client_sends_everything_again()
    {
        var throttle = new AdaptiveThrottle(time: _clock, random: new Random(7).NextDouble);
        for (var second = 0; second < 15; second++)
        {
            Offer(throttle, requests: 2_000, capacity: 1_000);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(throttle.Counts.TurnedAway > 5_000, $"turned away {throttle.Counts.TurnedAway}");

        // While the overload's refusals are in the window the client still holds back, and the service refuses none of
        // what it is sent; from the second the last of them leaves the window, everything is sent.
        var window = (int)new AdaptiveThrottleOptions().Window.TotalSeconds;
        var recovering = new List<Second>();
        for (var second = 0; second < window; second++)
        {
            recovering.Add(Offer(throttle, requests: 2_000, capacity: int.MaxValue));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(recovering[0].Sent, 1, 1_999);
        Assert.All(recovering, second => Assert.Equal(second.Sent, second.Answered));
        Assert.Equal(2_000, Offer(throttle, requests: 2_000, capacity: int.MaxValue).Sent);
    }

    [Fact]
    public void The_error_of_a_turned_away_request_is_resource_exhausted_and_quotes_the_services_last_refusal()
    {
        var throttle = new AdaptiveThrottle(time: _clock);
        throttle.TrySend();
        throttle.RecordRefused(new Status(StatusCode.ResourceExhausted, "the batch queue is full (256 waiting)"));

        var error = throttle.TurnedAwayError();

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("accepted 0 of the last 1 requests", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("ResourceExhausted: the batch queue is full (256 waiting)", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.9, 10, 10)]
    [InlineData(1.1, 0, 10)]
    [InlineData(1.1, 10, 0)]
    public void Options_out_of_range_are_refused_when_the_throttle_is_made(double multiplier, int windowSeconds, int buckets)
    {
        var options = new AdaptiveThrottleOptions { AcceptsMultiplier = multiplier, Window = TimeSpan.FromSeconds(windowSeconds), Buckets = buckets };

        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveThrottle(options));
    }

    [Theory]
    [InlineData(StatusCode.ResourceExhausted, true)]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.InvalidArgument, false)]
    [InlineData(StatusCode.NotFound, false)]
    public void Only_statuses_of_an_overloaded_or_absent_service_count_as_refusals(StatusCode status, bool refusal) =>
        Assert.Equal(refusal, AdaptiveThrottle.IsRefusal(status));

    /// <summary>One simulated second: the service answers the first <paramref name="capacity"/> requests it receives and refuses the rest.</summary>
    private static Second Offer(AdaptiveThrottle throttle, int requests, int capacity)
    {
        int sent = 0, answered = 0;
        for (var i = 0; i < requests; i++)
        {
            if (!throttle.TrySend())
            {
                continue;
            }

            sent++;
            if (answered < capacity)
            {
                answered++;
                throttle.RecordAccepted();
            }
            else
            {
                throttle.RecordRefused(new Status(StatusCode.ResourceExhausted, "full"));
            }
        }

        return new Second(sent, answered);
    }

    private readonly record struct Second(int Sent, int Answered);
}
