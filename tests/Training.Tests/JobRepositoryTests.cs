using Mlops.Storage;
using Mlops.TestSupport;
using Mlops.Training.Configs;
using Mlops.Training.Model;
using Mlops.Training.Repositories;
using Mlops.Training.Sweeps;

namespace Mlops.Training.Tests;

public sealed class JobRepositoryOnSqliteTests() : JobRepositoryTests(SqliteFile.Create("training.db", TrainingSchema.Migrations));

public sealed class JobRepositoryOnPostgresTests(PostgresServerFixture postgres)
    : JobRepositoryTests(new PostgresDatabase(postgres.Server.CreateDatabase(), "training", TrainingSchema.Migrations)), IClassFixture<PostgresServerFixture>;

/// <summary>Jobs, sweeps, epoch metrics and job leases as training stores them, on each metadata database.</summary>
public abstract class JobRepositoryTests(MetadataDatabase database)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SqlJobRepository jobs = new(database);

    [Fact]
    public void Jobs_list_newest_first_by_state_and_sweep_and_a_saved_job_replaces_the_stored_one()
    {
        jobs.SaveSweep(new ParameterSweep { Id = "s1", CreatedAt = Now }, Plan(maxTrials: 2));
        jobs.SaveJob(Job("a", JobStatus.Queued, 0));
        jobs.SaveJob(Job("b", JobStatus.Queued, 1, sweepId: "s1"));
        jobs.SaveJob(Job("c", JobStatus.Queued, 2, sweepId: "s1"));
        jobs.SaveJob(Job("a", JobStatus.Succeeded, 0));

        Assert.Equal(["c", "b", "a"], jobs.ListJobs(JobStatus.Unspecified, null, 10).Select(j => j.Id));
        Assert.Equal(["c", "b"], jobs.ListJobs(JobStatus.Queued, null, 10).Select(j => j.Id));
        Assert.Equal(["c"], jobs.ListJobs(JobStatus.Unspecified, "s1", 1).Select(j => j.Id));
        Assert.Equal(JobStatus.Succeeded, jobs.FindJob("a")!.State);
        Assert.Equal(["b", "c"], jobs.FindSweep("s1")!.Trials.Select(t => t.Id));
        Assert.Equal(2, jobs.FindSweepPlan("s1")!.MaxTrials);
        Assert.Null(jobs.FindJob("missing"));
    }

    [Fact]
    public void Epoch_metrics_are_read_for_the_jobs_asked_and_a_repeated_epoch_keeps_the_last_value()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            jobs.SaveJob(Job(id, JobStatus.Running, 0));
        }

        jobs.SaveEpochMetrics("a", 1, new Dictionary<string, double> { ["val_loss"] = 0.9, ["val_accuracy"] = 0.5 });
        jobs.SaveEpochMetrics("a", 1, new Dictionary<string, double> { ["val_loss"] = 0.7 });
        jobs.SaveEpochMetrics("b", 1, new Dictionary<string, double> { ["val_loss"] = 0.4 });
        jobs.SaveEpochMetrics("c", 1, new Dictionary<string, double> { ["val_loss"] = 0.1 });

        Assert.Equal([0.4, 0.7], jobs.EpochMetric(["a", "b"], 1, "val_loss").Order());
        Assert.Empty(jobs.EpochMetric([], 1, "val_loss"));
    }

    [Fact]
    public async Task Of_many_workers_claiming_one_job_at_once_exactly_one_gets_it()
    {
        jobs.SaveJob(Job("contested", JobStatus.Queued, 0));

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker =>
            Task.Run(() => jobs.TryLease("contested", $"worker-{worker}", Now, Now.AddSeconds(30)))));

        Assert.Single(claims, claimed => claimed);
    }

    [Fact]
    public void A_lease_is_renewed_by_its_holder_refused_to_others_and_taken_over_once_it_runs_out_or_is_released()
    {
        jobs.SaveJob(Job("j", JobStatus.Queued, 0));

        Assert.True(jobs.TryLease("j", "one", Now, Now.AddSeconds(30)));
        Assert.False(jobs.TryLease("j", "two", Now.AddSeconds(10), Now.AddSeconds(40)));
        Assert.True(jobs.TryLease("j", "one", Now.AddSeconds(20), Now.AddSeconds(50)));
        Assert.False(jobs.TryLease("j", "two", Now.AddSeconds(45), Now.AddSeconds(75)));
        Assert.True(jobs.TryLease("j", "two", Now.AddSeconds(51), Now.AddSeconds(81)));
        Assert.False(jobs.TryLease("j", "one", Now.AddSeconds(52), Now.AddSeconds(82)));

        jobs.ReleaseLease("j", "one"); // not its lease any more: nothing changes
        Assert.False(jobs.TryLease("j", "three", Now.AddSeconds(53), Now.AddSeconds(83)));
        jobs.ReleaseLease("j", "two");
        Assert.True(jobs.TryLease("j", "three", Now.AddSeconds(53), Now.AddSeconds(83)));
        jobs.SaveJob(Job("j", JobStatus.Running, 0));
        Assert.False(jobs.TryLease("j", "four", Now.AddSeconds(54), Now.AddSeconds(84))); // saving the job keeps its lease
    }

    [Fact]
    public void A_saved_job_and_sweep_read_back_with_everything_they_were_saved_with()
    {
        var job = new TrainingJob
        {
            Id = "full",
            State = JobStatus.Running,
            ResolvedConfigYaml = "epochs: 2\n",
            ConfigHash = "abc",
            DatasetVersionId = "ds1",
            RunId = "run1",
            ModelName = "digits",
            ModelVersion = 3,
            Error = "none",
            Attempts = 2,
            Worker = "w-0",
            SweepId = "s2",
            CreatedAt = Now,
            StartedAt = Now.AddSeconds(1),
            FinishedAt = Now.AddSeconds(2),
            CancelRequested = true,
            ResumeRunId = "run0",
            ResumeEpoch = 4,
            ResumeCheckpointSha256 = "def",
            Progress = new JobProgressSnapshot { Epoch = 1, TotalEpochs = 2, Step = 10, TotalSteps = 20, Metrics = { ["batch_loss"] = 0.5 } },
            Metrics = { ["test_accuracy"] = 0.9 },
            Parameters = { ["optimizer.learning_rate"] = "0.01" },
        };
        var plan = new SweepPlan(ConfigRequest.FromYaml("epochs: 2\n", "model=small"),
            [ParameterSpace.List("optimizer.learning_rate", "0.1", "0.01"), ParameterSpace.Range("train.batch_size", 8, 64, logScale: true, integer: true, gridPoints: 4)],
            SearchStrategy.Random, 5, "val_loss", SweepGoal.Minimize, true, 7);
        jobs.SaveSweep(new ParameterSweep
        {
            Id = "s2",
            State = JobStatus.Running,
            Metric = "val_loss",
            Goal = SweepGoal.Minimize,
            BestJobId = "full",
            BestValue = 0.25,
            BestParameters = { ["optimizer.learning_rate"] = "0.01" },
            CreatedAt = Now,
            StoppingMetric = "val_loss",
        }, plan);
        jobs.SaveJob(job);

        Assert.Equal(job, jobs.FindJob("full"));
        var sweep = jobs.FindSweep("s2")!;
        Assert.Equal((JobStatus.Running, "val_loss", SweepGoal.Minimize, "full", 0.25, Now, "val_loss"),
            (sweep.State, sweep.Metric, sweep.Goal, sweep.BestJobId, sweep.BestValue, sweep.CreatedAt, sweep.StoppingMetric));
        Assert.Equal("0.01", sweep.BestParameters["optimizer.learning_rate"]);
        Assert.Equal([job], sweep.Trials);
        var stored = jobs.FindSweepPlan("s2")!;
        Assert.Equal((plan.BaseConfig.Name, plan.BaseConfig.Yaml, plan.Strategy, plan.MaxTrials, plan.Metric, plan.Goal, plan.MedianStopping, plan.Seed),
            (stored.BaseConfig.Name, stored.BaseConfig.Yaml, stored.Strategy, stored.MaxTrials, stored.Metric, stored.Goal, stored.MedianStopping, stored.Seed));
        Assert.Equal(plan.BaseConfig.Overrides, stored.BaseConfig.Overrides);
        Assert.Equal(plan.Parameters, stored.Parameters, (a, b) => a.Key == b.Key && (a.Values ?? []).SequenceEqual(b.Values ?? [])
            && (a.Min, a.Max, a.LogScale, a.Integer, a.GridPoints) == (b.Min, b.Max, b.LogScale, b.Integer, b.GridPoints));
    }

    private static SweepPlan Plan(int maxTrials) =>
        new(ConfigRequest.Named("quick"), [], SearchStrategy.Grid, maxTrials, "val_accuracy", SweepGoal.Maximize, false, 0);

    private static TrainingJob Job(string id, JobStatus state, int minute, string sweepId = "") => new()
    {
        Id = id,
        State = state,
        SweepId = sweepId,
        CreatedAt = Now.AddMinutes(minute),
    };
}
