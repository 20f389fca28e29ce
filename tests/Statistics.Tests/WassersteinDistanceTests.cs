namespace Mlops.Statistics.Tests;

public class WassersteinDistanceTests
{
    [Fact]
    public void Matches_scipy_wasserstein_distance_documentation()
    {
        // scipy.stats.wasserstein_distance docstring examples.
        Assert.Equal(5.0, WassersteinDistance.Compute([0.0, 1, 3], [5.0, 6, 8]), 1e-12);
        Assert.Equal(0.25, WassersteinDistance.Compute([0.0, 1], [0.0, 1], [3.0, 1], [2.0, 2]), 1e-12);
        Assert.Equal(
            4.0781331438047861,
            WassersteinDistance.Compute([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5]),
            1e-12);
    }

    [Fact]
    public void Equals_the_mean_gap_between_order_statistics_for_equal_sizes()
    {
        // For equal sizes W1 = (1/n)·Σ |a₍ᵢ₎ − b₍ᵢ₎| (the optimal coupling matches sorted values).
        var random = new Random(3);
        var a = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 2).ToArray();
        var expected = a.Order().Zip(b.Order(), (x, y) => Math.Abs(x - y)).Average();
        Assert.Equal(expected, WassersteinDistance.Compute(a, b), 1e-12);
    }

    [Fact]
    public void Is_zero_for_identical_samples_and_equals_a_shift()
    {
        double[] a = [1, 2, 2, 5, 9];
        Assert.Equal(0.0, WassersteinDistance.Compute(a, [9.0, 5, 2, 2, 1]));
        Assert.Equal(2.5, WassersteinDistance.Compute(a, a.Select(v => v + 2.5).ToArray()), 1e-12);
        Assert.Equal(WassersteinDistance.Compute(a, [0.0, 4]), WassersteinDistance.Compute([0.0, 4], a), 1e-12);
    }

    [Fact]
    public void Rejects_empty_or_non_finite_input()
    {
        Assert.Throws<ArgumentException>(() => WassersteinDistance.Compute([], [1.0]));
        Assert.Throws<ArgumentException>(() => WassersteinDistance.Compute([double.NaN], [1.0]));
        Assert.Throws<ArgumentException>(() => WassersteinDistance.Compute([1.0], [1.0], [0.0], [1.0]));
    }
}
