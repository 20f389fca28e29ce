using System.Text.RegularExpressions;
using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.Storage;
using Mlops.TestSupport;
using Mlops.Training.Extensions;
using Mlops.Training.Queue;
using Mlops.Training.Repositories;
using Mlops.Training.V1;
using StackExchange.Redis;

namespace Mlops.Training.Tests;

/// <summary>
/// A replica that stalled past its job's lease while another replica took the job over (PostgreSQL and Redis shared, as with
/// Replicas:Training=2): once it notices, it stops training and leaves the job, its lease and its queue entry to the new holder.
/// </summary>
[Collection(TrainingStackCollection.Name)]
public sealed class LeaseTakeoverTests(TrainingStack stack, PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private const string NewHolder = "replica-b-0";

    [Fact]
    public async Task A_worker_whose_job_is_taken_over_stops_its_run_and_leaves_the_job_to_the_new_holder()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var training = await stack.StartTrainingAsync(settings: new Dictionary<string, string?>
        {
            ["Metadata__Kind"] = "postgres",
            ["ConnectionStrings__metadata"] = database,
            ["ConnectionStrings__cache"] = redis.ConnectionString,
            ["Training__WorkerName"] = "replica-a",
            ["Training__Workers"] = "1",
            // Heartbeats every 3 s, as in ReplicaTests.
            ["Training__ClaimIdleSeconds"] = "12",
        });
        var client = new TrainingService.TrainingServiceClient(training.Channel);
        // Far more epochs than the test waits for, and no early stopping: only a run that was stopped ends in time.
        var job = await client.SubmitJobAsync(TrainingStack.Job("quick", "lease-taken-over", "epochs=500", "early_stopping.patience=0"));
        var running = await JobWatch.UntilTrainingAsync(client, job.Id, TimeSpan.FromMinutes(3));

        // What the other replica does once this one has stalled past its lease: an hour on, the lease has run out and is taken.
        var jobs = new SqlJobRepository(new PostgresDatabase(database, TrainingExtensions.ServiceFolder, TrainingSchema.Migrations));
        var later = DateTimeOffset.UtcNow.AddHours(1);
        Assert.True(jobs.TryLease(job.Id, NewHolder, later, later.AddHours(1)), "the lease of a stalled worker could not be taken over");

        var run = await WaitForRunEndAsync(running.RunId);

        Assert.True(run.Status == RunStatus.Failed && run.FailureReason.Contains("another worker took over", StringComparison.Ordinal),
            $"{run.Status}: {run.FailureReason}\n{training.Output}");
        var stored = jobs.FindJob(job.Id)!;
        Assert.True(stored.State == Model.JobStatus.Running && stored.Error.Length == 0, $"the job was ended by the worker that lost it: {stored.State} {stored.Error}");
        Assert.Equal(0, stored.ModelVersion);
        var now = DateTimeOffset.UtcNow;
        Assert.False(jobs.TryLease(job.Id, "replica-c-0", now, now.AddMinutes(1)), "the new holder's lease was released");
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.Contains(job.Id, await new RedisJobQueue(connection, new RedisQueueOptions()).OutstandingJobIdsAsync());
        Assert.Single(Regex.Matches(training.Output, "another worker took over its lease"));
    }

    private async Task<Run> WaitForRunEndAsync(string runId)
    {
        // Generous: the worker notices at its next heartbeat, then training winds down on a loaded 2-core machine.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = runId });
            if (run.Status != RunStatus.Running || DateTime.UtcNow > deadline)
            {
                return run;
            }

            await Task.Delay(500);
        }
    }
}
