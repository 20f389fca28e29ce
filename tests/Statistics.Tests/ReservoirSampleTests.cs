namespace Mlops.Statistics.Tests;

public class ReservoirSampleTests
{
    [Fact]
    public void Keeps_everything_until_full_then_stays_bounded()
    {
        var reservoir = new ReservoirSample(100, seed: 1);
        for (var i = 0; i < 60; i++)
        {
            reservoir.Add(i);
        }

        Assert.Equal(Enumerable.Range(0, 60).Select(i => (double)i), reservoir.Values.ToArray());
        for (var i = 60; i < 100_000; i++)
        {
            reservoir.Add(i);
        }

        Assert.Equal(100, reservoir.Count);
        Assert.Equal(100_000, reservoir.Seen);
        Assert.Equal(100, reservoir.Values.ToArray().Distinct().Count());
    }

    [Fact]
    public void Same_seed_and_stream_give_the_same_sample()
    {
        double[] Sample(ulong seed)
        {
            var reservoir = new ReservoirSample(50, seed);
            for (var i = 0; i < 10_000; i++)
            {
                reservoir.Add(i);
            }

            return reservoir.Values.ToArray();
        }

        Assert.Equal(Sample(42), Sample(42));
        Assert.NotEqual(Sample(42), Sample(43));
    }

    [Fact]
    public void Every_position_of_the_stream_is_equally_likely_to_be_kept()
    {
        // 2000 reservoirs of 100 from a stream of 10 000: each tenth of the stream should supply 10% of the kept
        // values (20 000 each; binomial sd ≈ 134, so ±700 is five standard deviations).
        var perTenth = new int[10];
        for (ulong seed = 0; seed < 2000; seed++)
        {
            var reservoir = new ReservoirSample(100, seed);
            for (var i = 0; i < 10_000; i++)
            {
                reservoir.Add(i);
            }

            foreach (var value in reservoir.Values)
            {
                perTenth[(int)value / 1000]++;
            }
        }

        Assert.All(perTenth, count => Assert.InRange(count, 20_000 - 700, 20_000 + 700));
    }
}
