namespace Mlops.Client.Tests;

public sealed class ConcurrencyLimitTests
{
    [Fact]
    public void Calls_beyond_the_limit_are_not_admitted_until_one_is_given_back()
    {
        var limit = new ConcurrencyLimit(new ConcurrencyLimitOptions { InitialLimit = 3 });

        Assert.True(limit.TryAcquire() && limit.TryAcquire() && limit.TryAcquire());
        Assert.False(limit.TryAcquire());
        Assert.Equal(3, limit.InFlight);

        limit.ReleaseIgnored();
        Assert.True(limit.TryAcquire());
        Assert.Equal(3, limit.Limit);
    }

    [Fact]
    public void Answers_while_the_limit_is_at_least_half_used_raise_it_by_one_each()
    {
        var limit = new ConcurrencyLimit(new ConcurrencyLimitOptions { InitialLimit = 4, MaxLimit = 6 });
        for (var i = 0; i < 4; i++)
        {
            limit.TryAcquire();
        }

        limit.ReleaseAnswered(TimeSpan.FromMilliseconds(1));
        limit.ReleaseAnswered(TimeSpan.FromMilliseconds(1));
        Assert.Equal(6, limit.Limit);

        // Two in flight against a limit of six: the limit is not the constraint, so answers say nothing about it.
        limit.ReleaseAnswered(TimeSpan.FromMilliseconds(1));
        Assert.Equal(6, limit.Limit);
        Assert.Equal(1, limit.InFlight);
    }

    [Fact]
    public void Refusals_and_answers_slower_than_the_target_shrink_it_down_to_the_minimum()
    {
        var limit = new ConcurrencyLimit(new ConcurrencyLimitOptions
        {
            InitialLimit = 100,
            MinLimit = 2,
            BackoffRatio = 0.5,
            LatencyTarget = TimeSpan.FromMilliseconds(100),
        });

        limit.TryAcquire();
        limit.ReleaseRefused();
        Assert.Equal(50, limit.Limit);
        limit.TryAcquire();
        limit.ReleaseAnswered(TimeSpan.FromMilliseconds(150));
        Assert.Equal(25, limit.Limit);
        limit.TryAcquire();
        limit.ReleaseAnswered(TimeSpan.FromMilliseconds(100));
        Assert.Equal(25, limit.Limit);

        for (var i = 0; i < 10; i++)
        {
            limit.TryAcquire();
            limit.ReleaseRefused();
        }

        Assert.Equal(2, limit.Limit);
        Assert.Equal(0, limit.InFlight);
    }

    [Theory]
    [InlineData(0, 1, 10, 0.9)]
    [InlineData(5, 1, 4, 0.9)]
    [InlineData(5, 1, 10, 1.0)]
    [InlineData(5, 1, 10, 0.0)]
    public void Options_out_of_range_are_refused(int initial, int min, int max, double ratio) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ConcurrencyLimit(new ConcurrencyLimitOptions { InitialLimit = initial, MinLimit = min, MaxLimit = max, BackoffRatio = ratio }));
}
