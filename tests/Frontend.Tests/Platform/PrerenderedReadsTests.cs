using Mlops.Frontend.Platform;
using Mlops.TestSupport;

namespace Mlops.Frontend.Tests.Platform;

public sealed class PrerenderedReadsTests
{
    [Fact]
    public void A_circuit_takes_its_prerenders_answers_once_by_the_order_they_were_read()
    {
        var reads = new PrerenderedReads(new ManualClock());
        var id = reads.Open();
        reads.Keep(id, 0, "models");
        reads.Keep(id, 1, 42);

        var taken = reads.Take(id);

        Assert.Equal("models", taken[0]);
        Assert.Equal(42, taken[1]);
        Assert.Empty(reads.Take(id));
        Assert.Equal(0, reads.Pending);
    }

    [Fact]
    public void Answers_nobody_took_in_time_are_not_handed_out_and_are_dropped_by_the_next_prerender()
    {
        var clock = new ManualClock();
        var reads = new PrerenderedReads(clock);
        var abandoned = reads.Open();
        reads.Keep(abandoned, 0, "stale");
        var late = reads.Open();
        reads.Keep(late, 0, "late");

        clock.Advance(PrerenderedReads.Lifetime);

        Assert.Empty(reads.Take(late));
        reads.Open();
        Assert.Equal(1, reads.Pending);
    }
}
