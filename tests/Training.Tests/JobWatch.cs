using Grpc.Core;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

/// <summary>Waits on a job's event stream, for the tests that need a job caught mid-training.</summary>
internal static class JobWatch
{
    /// <summary>The job once it is RUNNING under a run and has trained a step; fails if it ends first or the limit passes.</summary>
    public static async Task<Job> UntilTrainingAsync(TrainingService.TrainingServiceClient client, string jobId, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        using var watch = client.WatchJob(new WatchJobRequest { JobId = jobId }, cancellationToken: timeout.Token);
        await foreach (var jobEvent in watch.ResponseStream.ReadAllAsync(timeout.Token))
        {
            if (jobEvent.Job is { State: JobState.Running, Progress.Step: > 0, RunId.Length: > 0 })
            {
                return jobEvent.Job;
            }
        }

        throw new InvalidOperationException("The job ended before it trained a step.");
    }
}
