using Google.Protobuf.WellKnownTypes;
using Mlops.Storage;
using Mlops.TestSupport;
using Mlops.Training.Repositories;
using Mlops.Training.V1;

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
        jobs.SaveSweep(new Sweep { Id = "s1", CreatedAt = Timestamp.FromDateTimeOffset(Now) }, new SubmitSweepRequest { MaxTrials = 2 });
        jobs.SaveJob(Job("a", JobState.Queued, 0));
        jobs.SaveJob(Job("b", JobState.Queued, 1, sweepId: "s1"));
        jobs.SaveJob(Job("c", JobState.Queued, 2, sweepId: "s1"));
        jobs.SaveJob(Job("a", JobState.Succeeded, 0));

        Assert.Equal(["c", "b", "a"], jobs.ListJobs(JobState.Unspecified, null, 10).Select(j => j.Id));
        Assert.Equal(["c", "b"], jobs.ListJobs(JobState.Queued, null, 10).Select(j => j.Id));
        Assert.Equal(["c"], jobs.ListJobs(JobState.Unspecified, "s1", 1).Select(j => j.Id));
        Assert.Equal(JobState.Succeeded, jobs.FindJob("a")!.State);
        Assert.Equal(["b", "c"], jobs.FindSweep("s1")!.Trials.Select(t => t.Id));
        Assert.Equal(2, jobs.FindSweepRequest("s1")!.MaxTrials);
        Assert.Null(jobs.FindJob("missing"));
    }

    [Fact]
    public void Epoch_metrics_are_read_for_the_jobs_asked_and_a_repeated_epoch_keeps_the_last_value()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            jobs.SaveJob(Job(id, JobState.Running, 0));
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
        jobs.SaveJob(Job("contested", JobState.Queued, 0));

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker =>
            Task.Run(() => jobs.TryLease("contested", $"worker-{worker}", Now, Now.AddSeconds(30)))));

        Assert.Single(claims, claimed => claimed);
    }

    [Fact]
    public void A_lease_is_renewed_by_its_holder_refused_to_others_and_taken_over_once_it_runs_out_or_is_released()
    {
        jobs.SaveJob(Job("j", JobState.Queued, 0));

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
        jobs.SaveJob(Job("j", JobState.Running, 0));
        Assert.False(jobs.TryLease("j", "four", Now.AddSeconds(54), Now.AddSeconds(84))); // saving the job keeps its lease
    }

    private static Job Job(string id, JobState state, int minute, string sweepId = "") => new()
    {
        Id = id,
        State = state,
        SweepId = sweepId,
        CreatedAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(minute)),
    };
}
