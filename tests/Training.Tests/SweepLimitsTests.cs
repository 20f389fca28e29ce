using Mlops.Training.Sweeps;

namespace Mlops.Training.Tests;

/// <summary>A sweep's cost is bounded by its validated inputs: no request makes the service build an unbounded grid.</summary>
public sealed class SweepLimitsTests
{
    [Fact]
    public void A_grid_of_a_trillion_combinations_with_one_trial_builds_only_that_trial()
    {
        var huge = ParameterSpace.Range("optimizer.learning_rate", 0.001, 0.1, gridPoints: SweepSpace.MaxPointsPerParameter);
        var parameters = Enumerable.Range(0, 4).Select(i => huge with { Key = $"key{i}" }).ToList();

        var trials = SweepSpace.Expand(parameters, SearchStrategy.Grid, maxTrials: 1, seed: 0);

        Assert.Single(trials);
        Assert.Equal("0.001", trials[0]["key3"]);
    }

    [Fact]
    public void Grid_points_over_the_limit_are_refused_naming_it()
    {
        var error = Assert.Throws<SweepSpaceException>(() => SweepSpace.Expand(
            [ParameterSpace.Range("optimizer.learning_rate", 0.001, 0.1, gridPoints: int.MaxValue)], SearchStrategy.Grid, maxTrials: 1, seed: 0));

        Assert.Contains("per-parameter point limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_trials_over_the_limit_is_refused_naming_it()
    {
        var error = Assert.Throws<SweepSpaceException>(() => SweepSpace.Expand(
            [ParameterSpace.List("seed", "1", "2")], SearchStrategy.Random, maxTrials: SweepSpace.MaxTrials + 1, seed: 0));

        Assert.Contains("trial limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_larger_than_the_trial_limit_needs_max_trials()
    {
        var wide = ParameterSpace.Range("a", 0, 1, gridPoints: 100);

        var error = Assert.Throws<SweepSpaceException>(() => SweepSpace.Expand([wide, wide with { Key = "b" }], SearchStrategy.Grid, maxTrials: 0, seed: 0));
        var cut = SweepSpace.Expand([wide, wide with { Key = "b" }], SearchStrategy.Grid, maxTrials: 150, seed: 0);

        Assert.Contains("10000 combinations", error.Message, StringComparison.Ordinal);
        Assert.Equal(150, cut.Count);
        Assert.Equal(150, cut.Select(t => $"{t["a"]}|{t["b"]}").Distinct().Count());
        Assert.Equal(cut[0]["a"], cut[99]["a"]);
        Assert.NotEqual(cut[0]["a"], cut[100]["a"]);
    }

    [Fact]
    public void Too_many_parameters_or_listed_values_are_refused_naming_the_limit()
    {
        var many = Enumerable.Range(0, SweepSpace.MaxParameters + 1).Select(i => ParameterSpace.List($"k{i}", "1")).ToList();
        var values = ParameterSpace.List("seed", [.. Enumerable.Range(0, SweepSpace.MaxPointsPerParameter + 1).Select(i => $"{i}")]);

        Assert.Contains("parameter limit", Assert.Throws<SweepSpaceException>(() => SweepSpace.Expand(many, SearchStrategy.Grid, 1, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("point limit", Assert.Throws<SweepSpaceException>(() => SweepSpace.Expand([values], SearchStrategy.Grid, 1, 0)).Message, StringComparison.Ordinal);
    }
}
