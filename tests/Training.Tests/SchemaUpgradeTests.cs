using Mlops.Storage;
using Mlops.TestSupport;
using Mlops.Training.Configs;
using Mlops.Training.Model;
using Mlops.Training.Repositories;
using Mlops.Training.Sweeps;

namespace Mlops.Training.Tests;

public sealed class SchemaUpgradeOnSqliteTests : SchemaUpgradeTests, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("training-upgrade-").FullName;

    protected override MetadataDatabase Open(IReadOnlyList<string> migrations) => new SqliteDatabase(Path.Combine(folder, "training.db"), migrations);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

public sealed class SchemaUpgradeOnPostgresTests(PostgresServerFixture postgres) : SchemaUpgradeTests, IClassFixture<PostgresServerFixture>
{
    private readonly string connectionString = postgres.Server.CreateDatabase();

    protected override MetadataDatabase Open(IReadOnlyList<string> migrations) => new PostgresDatabase(connectionString, "training", migrations);
}

/// <summary>
/// A training database written by the build before job leases (schema version 1) is opened by today's build: it is
/// migrated in place and its jobs and sweeps are kept, not refused or lost (before versioned migrations it had to be deleted).
/// </summary>
public abstract class SchemaUpgradeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Jobs_and_sweeps_written_before_job_leases_are_kept_and_can_be_leased_after_the_upgrade()
    {
        var before = new SqlJobRepository(Open(TrainingSchema.Migrations.Take(1).ToList()));
        before.SaveSweep(new ParameterSweep { Id = "old-sweep", CreatedAt = Now }, new SweepPlan(ConfigRequest.Named("quick"), [], SearchStrategy.Grid, 3, "val_accuracy", SweepGoal.Maximize, false, 0));
        before.SaveJob(new TrainingJob { Id = "old-job", State = JobStatus.Queued, SweepId = "old-sweep", CreatedAt = Now });
        before.SaveJob(new TrainingJob { Id = "done-job", State = JobStatus.Succeeded, ModelVersion = 4, CreatedAt = Now.AddMinutes(1) });

        var after = new SqlJobRepository(Open(TrainingSchema.Migrations));

        Assert.Equal(["done-job", "old-job"], after.ListJobs(JobStatus.Unspecified, null, 10).Select(job => job.Id));
        Assert.Equal(4, after.FindJob("done-job")!.ModelVersion);
        Assert.Equal(["old-job"], after.FindSweep("old-sweep")!.Trials.Select(trial => trial.Id));
        Assert.Equal(3, after.FindSweepPlan("old-sweep")!.MaxTrials);
        // What the new migration added works on the old rows: a replica can take the queued job, and only one can.
        Assert.True(after.TryLease("old-job", "replica-a", Now, Now.AddSeconds(30)));
        Assert.False(after.TryLease("old-job", "replica-b", Now.AddSeconds(1), Now.AddSeconds(31)));
    }

    [Fact]
    public void Opening_an_upgraded_database_again_changes_nothing()
    {
        var first = new SqlJobRepository(Open(TrainingSchema.Migrations.Take(1).ToList()));
        first.SaveJob(new TrainingJob { Id = "kept", State = JobStatus.Running, CreatedAt = Now });
        var upgraded = new SqlJobRepository(Open(TrainingSchema.Migrations));
        Assert.True(upgraded.TryLease("kept", "replica-a", Now, Now.AddSeconds(30)));

        var reopened = new SqlJobRepository(Open(TrainingSchema.Migrations));

        Assert.Equal(JobStatus.Running, reopened.FindJob("kept")!.State);
        Assert.False(reopened.TryLease("kept", "replica-b", Now.AddSeconds(1), Now.AddSeconds(31)));
    }

    protected abstract MetadataDatabase Open(IReadOnlyList<string> migrations);
}
