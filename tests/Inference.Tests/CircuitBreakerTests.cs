using Mlops.Inference.Caching;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

public sealed class CircuitBreakerTests
{
    [Fact]
    public void Opens_on_failure_for_the_break_duration_and_reports_an_outage_once()
    {
        var clock = new ManualClock();
        var breaker = new CircuitBreaker(TimeSpan.FromSeconds(5), clock);

        Assert.False(breaker.IsOpen);
        Assert.True(breaker.Failed());
        Assert.True(breaker.IsOpen);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.False(breaker.IsOpen);
        Assert.False(breaker.Failed());
        Assert.True(breaker.Succeeded());
        Assert.False(breaker.Succeeded());
    }
}
