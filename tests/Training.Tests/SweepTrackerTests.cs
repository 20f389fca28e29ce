using Mlops.Training.Jobs;
using Mlops.Training.Model;
using Mlops.Training.Sweeps;

namespace Mlops.Training.Tests;

public sealed class SweepTrackerTests
{
    [Fact]
    public void The_best_trial_follows_the_goal_and_the_sweep_ends_when_every_trial_has()
    {
        var sweep = new ParameterSweep { Id = "s", Metric = "val_loss", Goal = SweepGoal.Minimize, State = JobStatus.Running };
        sweep.Trials.Add(Trial("a", JobStatus.Succeeded, 0.5, "0.1"));
        sweep.Trials.Add(Trial("b", JobStatus.Succeeded, 0.3, "0.01"));
        sweep.Trials.Add(Trial("c", JobStatus.Running, double.NaN, "0.001"));

        SweepTracker.Summarise(sweep);

        Assert.Equal("b", sweep.BestJobId);
        Assert.Equal(0.3, sweep.BestValue);
        Assert.Equal("0.01", sweep.BestParameters["optimizer.learning_rate"]);
        Assert.Equal(JobStatus.Running, sweep.State);

        sweep.Trials[2] = Trial("c", JobStatus.Failed, double.NaN, "0.001");
        SweepTracker.Summarise(sweep);
        Assert.Equal(JobStatus.Succeeded, sweep.State);

        sweep.Goal = SweepGoal.Maximize;
        SweepTracker.Summarise(sweep);
        Assert.Equal("a", sweep.BestJobId);
    }

    [Fact]
    public void A_sweep_whose_trials_all_failed_fails()
    {
        var sweep = new ParameterSweep { Id = "s", Metric = "val_accuracy", Goal = SweepGoal.Maximize };
        sweep.Trials.Add(Trial("a", JobStatus.Failed, double.NaN, "1"));
        sweep.Trials.Add(Trial("b", JobStatus.Cancelled, double.NaN, "2"));

        SweepTracker.Summarise(sweep);

        Assert.Equal(JobStatus.Failed, sweep.State);
        Assert.Equal("", sweep.BestJobId);
    }

    [Theory]
    [InlineData(0.70, SweepGoal.Maximize, true)]
    [InlineData(0.85, SweepGoal.Maximize, false)]
    [InlineData(0.70, SweepGoal.Minimize, false)]
    [InlineData(0.85, SweepGoal.Minimize, true)]
    public void The_median_rule_stops_only_trials_worse_than_the_median(double value, SweepGoal goal, bool stop)
    {
        Assert.Equal(stop, MedianStoppingRule.IsWorseThanMedian(value, [0.9, 0.8, 0.6, 0.75], goal, out var median));
        Assert.Equal(0.775, median, 12);
    }

    [Fact]
    public void The_median_rule_needs_a_finished_trial_to_compare_with()
    {
        Assert.False(MedianStoppingRule.IsWorseThanMedian(0.1, [], SweepGoal.Maximize, out _));
    }

    private static TrainingJob Trial(string id, JobStatus state, double value, string rate)
    {
        var job = new TrainingJob { Id = id, State = state, SweepId = "s" };
        if (!double.IsNaN(value))
        {
            job.Metrics["val_loss"] = value;
            job.Metrics["val_accuracy"] = value;
        }
        job.Parameters["optimizer.learning_rate"] = rate;
        return job;
    }
}
