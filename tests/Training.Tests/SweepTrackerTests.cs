using Mlops.Training.Jobs;
using Mlops.Training.Sweeps;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

public sealed class SweepTrackerTests
{
    [Fact]
    public void The_best_trial_follows_the_goal_and_the_sweep_ends_when_every_trial_has()
    {
        var sweep = new Sweep { Id = "s", Metric = "val_loss", Goal = MetricGoal.Minimize, State = JobState.Running };
        sweep.Trials.Add(Trial("a", JobState.Succeeded, 0.5, "0.1"));
        sweep.Trials.Add(Trial("b", JobState.Succeeded, 0.3, "0.01"));
        sweep.Trials.Add(Trial("c", JobState.Running, double.NaN, "0.001"));

        SweepTracker.Summarise(sweep);

        Assert.Equal("b", sweep.BestJobId);
        Assert.Equal(0.3, sweep.BestValue);
        Assert.Equal("0.01", sweep.BestParameters["optimizer.learning_rate"]);
        Assert.Equal(JobState.Running, sweep.State);

        sweep.Trials[2] = Trial("c", JobState.Failed, double.NaN, "0.001");
        SweepTracker.Summarise(sweep);
        Assert.Equal(JobState.Succeeded, sweep.State);

        sweep.Goal = MetricGoal.Maximize;
        SweepTracker.Summarise(sweep);
        Assert.Equal("a", sweep.BestJobId);
    }

    [Fact]
    public void A_sweep_whose_trials_all_failed_fails()
    {
        var sweep = new Sweep { Id = "s", Metric = "val_accuracy", Goal = MetricGoal.Maximize };
        sweep.Trials.Add(Trial("a", JobState.Failed, double.NaN, "1"));
        sweep.Trials.Add(Trial("b", JobState.Cancelled, double.NaN, "2"));

        SweepTracker.Summarise(sweep);

        Assert.Equal(JobState.Failed, sweep.State);
        Assert.Equal("", sweep.BestJobId);
    }

    [Theory]
    [InlineData(0.70, MetricGoal.Maximize, true)]
    [InlineData(0.85, MetricGoal.Maximize, false)]
    [InlineData(0.70, MetricGoal.Minimize, false)]
    [InlineData(0.85, MetricGoal.Minimize, true)]
    public void The_median_rule_stops_only_trials_worse_than_the_median(double value, MetricGoal goal, bool stop)
    {
        Assert.Equal(stop, MedianStoppingRule.IsWorseThanMedian(value, [0.9, 0.8, 0.6, 0.75], goal, out var median));
        Assert.Equal(0.775, median, 12);
    }

    [Fact]
    public void The_median_rule_needs_a_finished_trial_to_compare_with()
    {
        Assert.False(MedianStoppingRule.IsWorseThanMedian(0.1, [], MetricGoal.Maximize, out _));
    }

    private static Job Trial(string id, JobState state, double value, string rate)
    {
        var job = new Job { Id = id, State = state, SweepId = "s" };
        if (!double.IsNaN(value))
        {
            job.Metrics["val_loss"] = value;
            job.Metrics["val_accuracy"] = value;
        }
        job.Parameters["optimizer.learning_rate"] = rate;
        return job;
    }
}
