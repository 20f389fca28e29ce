namespace Mlops.Statistics.Tests;

public class SampleQuantilesTests
{
    [Fact]
    public void Matches_numpy_documentation()
    {
        // numpy.quantile docstring: a = [[10, 7, 4], [3, 2, 1]]; np.quantile(a, 0.5) -> 3.5.
        Assert.Equal(3.5, SampleQuantiles.Compute([10.0, 7, 4, 3, 2, 1], [0.5])[0], 1e-12);
    }

    [Fact]
    public void Matches_type_7_by_hand()
    {
        // Hyndman and Fan (1996) type 7 on 1..10: h = 9p; Q(0.25) = 3.25, Q(0.75) = 7.75, Q(0.1) = 1.9.
        var values = Enumerable.Range(1, 10).Select(i => (double)i).Reverse().ToArray();
        var q = SampleQuantiles.Compute(values, [0, 0.1, 0.25, 0.5, 0.75, 1]);
        Assert.Equal([1, 1.9, 3.25, 5.5, 7.75, 10], q.Select(v => Math.Round(v, 12)).ToArray());
    }

    [Fact]
    public void Single_value_and_invalid_probabilities()
    {
        Assert.Equal(4.0, SampleQuantiles.FromSorted([4.0], 0.37));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleQuantiles.FromSorted([1.0, 2.0], 1.5));
        Assert.Throws<ArgumentException>(() => SampleQuantiles.FromSorted([], 0.5));
        Assert.Throws<ArgumentException>(() => SampleQuantiles.Compute([1.0, double.NaN], [0.5]));
    }

    [Fact]
    public void Quantiles_are_monotone_and_stay_within_neighbouring_values()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 57).Select(_ => Math.Round(random.NextDouble() * 100, 1)).ToArray();
        var probabilities = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
        var q = SampleQuantiles.Compute(values, probabilities);
        for (var i = 1; i < q.Length; i++)
        {
            Assert.True(q[i] >= q[i - 1]);
        }

        Assert.Equal(values.Min(), q[0]);
        Assert.Equal(values.Max(), q[^1]);
    }
}
