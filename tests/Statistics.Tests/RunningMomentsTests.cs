namespace Mlops.Statistics.Tests;

public class RunningMomentsTests
{
    [Theory]
    // NIST StRD univariate summary statistics, NumAcc3 and NumAcc4: 1001 values, the first 1000000.2
    // (resp. 10000000.2), then .1 and .3 alternating; certified mean 1000000.2 (10000000.2) and sample
    // standard deviation 0.1. The naive sum-of-squares formula loses most digits here.
    [InlineData(1000000.0)]
    [InlineData(10000000.0)]
    public void Matches_NIST_certified_values_for_badly_conditioned_data(double offset)
    {
        var moments = new RunningMoments();
        moments.Add(offset + 0.2);
        for (var i = 0; i < 500; i++)
        {
            moments.Add(offset + 0.1);
            moments.Add(offset + 0.3);
        }

        Assert.Equal(1001, moments.Count);
        Assert.Equal(offset + 0.2, moments.Mean, 1e-6);
        Assert.Equal(0.1, Math.Sqrt(moments.SampleVariance), 1e-6);
    }

    [Fact]
    public void Merging_partial_results_equals_one_pass()
    {
        var random = new Random(8);
        var values = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() * 50 + 1e6).ToArray();
        RunningMoments whole = default, left = default, right = default;
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            if (i < 300)
            {
                left.Add(values[i]);
            }
            else
            {
                right.Add(values[i]);
            }
        }

        left.Merge(right);
        Assert.Equal(whole.Count, left.Count);
        Assert.Equal(whole.Mean, left.Mean, 1e-8);
        Assert.Equal(whole.SampleVariance, left.SampleVariance, 1e-6);

        // Textbook: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5, population variance 4, sample variance 32/7.
        RunningMoments small = default;
        foreach (var v in new[] { 2.0, 4, 4, 4, 5, 5, 7, 9 })
        {
            small.Add(v);
        }

        Assert.Equal(4.0, small.PopulationVariance, 1e-12);
        Assert.Equal(32.0 / 7, small.SampleVariance, 1e-12);
    }
}
