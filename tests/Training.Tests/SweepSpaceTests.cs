using Mlops.Training.Sweeps;

namespace Mlops.Training.Tests;

public sealed class SweepSpaceTests
{
    [Fact]
    public void A_grid_holds_every_combination_once()
    {
        var trials = SweepSpace.Expand(
            [ParameterSpace.List("optimizer.name", "adam", "sgd"), ParameterSpace.Range("optimizer.learning_rate", 0.001, 0.1, logScale: true)],
            SearchStrategy.Grid, maxTrials: 0, seed: 0);

        Assert.Equal(6, trials.Count);
        Assert.Equal(6, trials.Select(t => $"{t["optimizer.name"]}|{t["optimizer.learning_rate"]}").Distinct().Count());
        var rates = trials.Select(t => double.Parse(t["optimizer.learning_rate"], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        Assert.Equal(0.001, rates[0], 12);
        Assert.Equal(0.01, rates[1], 12);
        Assert.Equal(0.1, rates[2], 12);
    }

    [Fact]
    public void A_grid_is_cut_at_max_trials()
    {
        var trials = SweepSpace.Expand([ParameterSpace.List("seed", "1", "2", "3", "4", "5")], SearchStrategy.Grid, maxTrials: 2, seed: 0);

        Assert.Equal(["1", "2"], trials.Select(t => t["seed"]));
    }

    [Fact]
    public void Integer_grid_points_are_rounded_and_not_repeated()
    {
        var trials = SweepSpace.Expand([ParameterSpace.Range("epochs", 1, 2, integer: true, gridPoints: 5)], SearchStrategy.Grid, 0, 0);

        Assert.Equal(["1", "2"], trials.Select(t => t["epochs"]));
    }

    [Fact]
    public void Random_search_draws_the_same_trials_for_the_same_seed_and_stays_in_range()
    {
        ParameterSpace[] space =
        [
            ParameterSpace.Range("optimizer.learning_rate", 1e-4, 1e-1, logScale: true),
            ParameterSpace.Range("model.hidden_units", 16, 256, integer: true),
            ParameterSpace.List("optimizer.name", "adam", "sgd"),
        ];

        var first = SweepSpace.Expand(space, SearchStrategy.Random, 8, seed: 11);
        var again = SweepSpace.Expand(space, SearchStrategy.Random, 8, seed: 11);
        var other = SweepSpace.Expand(space, SearchStrategy.Random, 8, seed: 12);

        Assert.Equal(8, first.Count);
        Assert.Equal(first.Select(Describe), again.Select(Describe));
        Assert.NotEqual(first.Select(Describe), other.Select(Describe));
        foreach (var trial in first)
        {
            Assert.InRange(double.Parse(trial["optimizer.learning_rate"], System.Globalization.CultureInfo.InvariantCulture), 1e-4, 1e-1);
            Assert.InRange(int.Parse(trial["model.hidden_units"], System.Globalization.CultureInfo.InvariantCulture), 16, 256);
        }
    }

    [Fact]
    public void Random_search_on_a_log_scale_covers_the_decades_evenly()
    {
        var trials = SweepSpace.Expand([ParameterSpace.Range("optimizer.learning_rate", 1e-4, 1, logScale: true)], SearchStrategy.Random, 400, 3);
        var belowOneThousandth = trials.Count(t => double.Parse(t["optimizer.learning_rate"], System.Globalization.CultureInfo.InvariantCulture) < 1e-3);

        // A quarter of the log range lies below 1e-3; a uniform draw on the linear scale would put almost nothing there.
        Assert.InRange(belowOneThousandth, 60, 140);
    }

    public static TheoryData<ParameterSpace[], string> EmptySpaces => new()
    {
        { [], "empty" },
        { [ParameterSpace.List("seed")], "empty list" },
        { [ParameterSpace.Range("optimizer.learning_rate", 0.1, 0.01)], "empty range" },
        { [ParameterSpace.Range("optimizer.learning_rate", 0, 0.1, logScale: true)], "log scale" },
        { [ParameterSpace.Range("epochs", 1.2, 1.8, integer: true)], "holds no integer" },
        { [ParameterSpace.Range("optimizer.learning_rate", double.NaN, 1)], "empty range" },
        { [ParameterSpace.List("seed", "1"), ParameterSpace.List("seed", "2")], "declared twice" },
    };

    [Theory]
    [MemberData(nameof(EmptySpaces))]
    public void An_empty_or_invalid_space_is_rejected(ParameterSpace[] space, string expected)
    {
        foreach (var strategy in new[] { SearchStrategy.Grid, SearchStrategy.Random })
        {
            var error = Assert.Throws<SweepSpaceException>(() => SweepSpace.Expand(space, strategy, 4, 0));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    private static string Describe(IReadOnlyDictionary<string, string> trial) => string.Join(",", trial.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
}
