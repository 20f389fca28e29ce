using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

/// <summary>A training process killed mid-run (no graceful shutdown): the job is run again, never lost.</summary>
[Collection(TrainingStackCollection.Name)]
public sealed class WorkerRecoveryTests(TrainingStack stack)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_job_whose_process_was_killed_mid_run_is_retried_after_restart(bool redis)
    {
        await using var server = redis ? await RedisServer.StartAsync() : null;
        var settings = new Dictionary<string, string?> { ["Training__ClaimIdleSeconds"] = "3" };
        if (server is not null)
        {
            settings["ConnectionStrings__cache"] = server.ConnectionString;
        }

        await using var training = await stack.StartTrainingAsync(settings: settings);
        var client = new TrainingService.TrainingServiceClient(training.Channel);
        var job = await client.SubmitJobAsync(TrainingStack.Job("quick", "e2e-recovered", "epochs=3"));
        await JobWatch.UntilTrainingAsync(client, job.Id, TimeSpan.FromMinutes(5));

        await training.StopAsync();
        await training.RestartAsync();
        client = new TrainingService.TrainingServiceClient(training.Channel);
        var final = (await TrainingStack.WatchToEndAsync(client, job.Id))[^1].Job;

        Assert.True(final.State == JobState.Succeeded, $"{final.State}: {final.Error}\n{training.Output}");
        Assert.Equal(2, final.Attempts);
        var runs = await stack.RegistryClient.ListRunsAsync(new ListRunsRequest { Experiment = "training-tests" });
        var jobRuns = runs.Runs.Where(r => r.Tags.TryGetValue("job_id", out var id) && id == job.Id).ToList();
        Assert.Equal(2, jobRuns.Count);
        Assert.Contains(jobRuns, r => r.Status == RunStatus.Failed && r.FailureReason.Contains("retried", StringComparison.Ordinal));
        Assert.Contains(jobRuns, r => r.Status == RunStatus.Finished && r.Id == final.RunId);
        if (redis)
        {
            Assert.Contains("RedisJobQueue", training.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_job_that_keeps_killing_its_worker_fails_after_the_maximum_attempts()
    {
        await using var training = await stack.StartTrainingAsync(settings: new Dictionary<string, string?> { ["Training__MaxAttempts"] = "1" });
        var client = new TrainingService.TrainingServiceClient(training.Channel);
        var job = await client.SubmitJobAsync(TrainingStack.Job("quick", "e2e-gave-up", "epochs=3"));
        await JobWatch.UntilTrainingAsync(client, job.Id, TimeSpan.FromMinutes(5));

        await training.RestartAsync();
        client = new TrainingService.TrainingServiceClient(training.Channel);
        var final = (await TrainingStack.WatchToEndAsync(client, job.Id))[^1].Job;

        Assert.Equal(JobState.Failed, final.State);
        Assert.Contains("gave up after 1 attempt", final.Error, StringComparison.Ordinal);
    }
}
