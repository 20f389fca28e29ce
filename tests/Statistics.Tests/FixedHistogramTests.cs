namespace Mlops.Statistics.Tests;

public class FixedHistogramTests
{
    [Fact]
    public void Bins_are_half_open_except_the_last_which_holds_max()
    {
        // numpy.histogram([0, 1, 2.5, 3, 7.999, 8], bins=8, range=(0, 8)) -> [1, 1, 1, 1, 0, 0, 0, 2].
        var histogram = new FixedHistogram(0, 8, 8);
        foreach (var value in new[] { 0, 1, 2.5, 3, 7.999, 8 })
        {
            histogram.Add(value);
        }

        Assert.Equal([1L, 1, 1, 1, 0, 0, 0, 2], histogram.Counts.ToArray());
        Assert.Equal(0, histogram.Underflow + histogram.Overflow);
    }

    [Fact]
    public void Values_outside_the_range_are_counted_not_dropped()
    {
        var histogram = new FixedHistogram(-1, 1, 4);
        foreach (var value in new[] { -1.5, -1, 0, 0.999, 1, 1.0000001, 42 })
        {
            histogram.Add(value);
        }

        Assert.Equal(1, histogram.Underflow);
        Assert.Equal(2, histogram.Overflow);
        Assert.Equal(7, histogram.TotalCount);
        Assert.Equal([1L, 0, 1, 2], histogram.Counts.ToArray());
        Assert.Throws<ArgumentException>(() => histogram.Add(double.NaN));
    }

    [Fact]
    public void Every_value_lands_between_its_bin_edges()
    {
        var histogram = new FixedHistogram(0.1, 0.7, 7);
        var random = new Random(1);
        for (var i = 0; i < 20000; i++)
        {
            // Include values exactly on computed edges, where rounding decides.
            var value = i % 2 == 0 ? histogram.Edge(random.Next(8)) : 0.1 + 0.6 * random.NextDouble();
            var single = new FixedHistogram(0.1, 0.7, 7);
            single.Add(value);
            var bin = single.Counts.IndexOf(1L);
            Assert.True(value >= single.Edge(bin) && (value < single.Edge(bin + 1) || bin == 6 && value <= 0.7));
        }
    }

    [Fact]
    public void Merging_equals_counting_everything_in_one_histogram()
    {
        var random = new Random(2);
        var values = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() * 12 - 1).ToArray();
        var whole = new FixedHistogram(0, 10, 10);
        var left = new FixedHistogram(0, 10, 10);
        var right = new FixedHistogram(0, 10, 10);
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            (i < 400 ? left : right).Add(values[i]);
        }

        left.Merge(right);
        Assert.Equal(whole.Counts.ToArray(), left.Counts.ToArray());
        Assert.Equal(whole.Underflow, left.Underflow);
        Assert.Equal(whole.Overflow, left.Overflow);
        Assert.Throws<ArgumentException>(() => left.Merge(new FixedHistogram(0, 10, 11)));
    }

    [Fact]
    public void Snapshot_does_not_change_when_the_histogram_does()
    {
        var histogram = new FixedHistogram(0, 1, 2);
        histogram.Add(0.2);
        var snapshot = histogram.ToSnapshot();
        histogram.Add(0.3);
        Assert.Equal(1, snapshot.Counts[0]);
        Assert.Equal(0.5, snapshot.BinWidth);
    }

    [Fact]
    public void Invalid_ranges_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new FixedHistogram(1, 1, 3));
        Assert.Throws<ArgumentException>(() => new FixedHistogram(0, double.PositiveInfinity, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedHistogram(0, 1, 0));
    }
}
