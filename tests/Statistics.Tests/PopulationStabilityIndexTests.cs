namespace Mlops.Statistics.Tests;

public class PopulationStabilityIndexTests
{
    [Fact]
    public void Matches_the_definition_on_a_hand_worked_example()
    {
        // Expected proportions (0.5, 0.5), actual (0.25, 0.75):
        // (0.25 − 0.5)·ln(0.5) + (0.75 − 0.5)·ln(1.5) = 0.25·ln 3 = 0.27465307216702745.
        Assert.Equal(0.25 * Math.Log(3), PopulationStabilityIndex.Compute([50.0, 50.0], [25.0, 75.0]), 1e-12);
        Assert.Equal(0.27465307216702745, PopulationStabilityIndex.Compute([50L, 50L], [250L, 750L]), 1e-12);
    }

    [Fact]
    public void Is_zero_for_identical_proportions_and_symmetric()
    {
        Assert.Equal(0.0, PopulationStabilityIndex.Compute([10.0, 20, 30], [100.0, 200, 300]), 1e-15);
        double[] a = [5, 10, 40, 45], b = [20, 30, 30, 20];
        Assert.Equal(PopulationStabilityIndex.Compute(a, b), PopulationStabilityIndex.Compute(b, a), 1e-12);
        Assert.True(PopulationStabilityIndex.Compute(a, b) > 0.25);
    }

    [Fact]
    public void Empty_bins_are_floored_at_epsilon()
    {
        // Expected (1, 0) vs actual (0.5, 0.5) with epsilon 1e-4: the empty expected bin counts as 1e-4.
        var expected = (0.5 - 1) * Math.Log(0.5 / 1) + (0.5 - 1e-4) * Math.Log(0.5 / 1e-4);
        Assert.Equal(expected, PopulationStabilityIndex.Compute([10.0, 0.0], [5.0, 5.0], 1e-4), 1e-12);
        Assert.True(double.IsFinite(PopulationStabilityIndex.Compute([10.0, 0.0], [0.0, 10.0])));
    }

    [Fact]
    public void Rejects_mismatched_or_empty_inputs()
    {
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute([1.0, 2.0], [1.0]));
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute([0.0, 0.0], [1.0, 1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PopulationStabilityIndex.Compute([1.0], [1.0], 0));
    }
}
