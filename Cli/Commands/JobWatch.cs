using Mlops.Cli.Output;
using Mlops.Training.V1;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>
/// Follows a job through WatchJob until it ends: a live bar with epoch, step and metrics on a terminal, one line per epoch
/// in a pipe, silence under --json. Ends with the job's outcome and an exit code (1 when it failed or was cancelled).
/// </summary>
public static class JobWatch
{
    public static async Task<int> FollowAsync(CommandContext context, string jobId, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var training = context.Services.Training;
        var job = await ProgressDisplay.RunAsync(output, $"job {jobId}", 1, async progress =>
        {
            Job? last = null;
            var lastEpoch = -1;
            using var call = training.WatchJob(new WatchJobRequest { JobId = jobId }, cancellationToken: cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                var jobEvent = call.ResponseStream.Current;
                last = jobEvent.Job;
                if (progress is not null)
                {
                    Update(progress, last);
                }
                else if (!output.Json && last.Progress is { } p && p.Epoch != lastEpoch && p.TotalEpochs > 0)
                {
                    lastEpoch = p.Epoch;
                    output.Console.Ansi.WriteLine($"epoch {p.Epoch}/{p.TotalEpochs}  step {p.Step}/{p.TotalSteps}  {JobViews.Metrics(p)}");
                }

                if (JobViews.IsFinished(last.State))
                {
                    break;
                }
            }

            // The stream may end before the final state arrives (a restarted worker); the job itself has the last word.
            return last is not null && JobViews.IsFinished(last.State)
                ? last
                : await training.GetJobAsync(new GetJobRequest { JobId = jobId }, cancellationToken: cancellationToken);
        });

        return Report(output, job);
    }

    public static int Report(Renderer output, Job job)
    {
        output.Show(job, () => new Text(JobViews.Outcome(job)));
        if (job.State is JobState.Failed or JobState.Cancelled)
        {
            output.Error($"error: {JobViews.Outcome(job)}");
            return ExitCodes.ServiceError;
        }

        return ExitCodes.Ok;
    }

    private static void Update(ProgressTask task, Job job)
    {
        if (job.Progress is { TotalSteps: > 0 } progress)
        {
            task.MaxValue = progress.TotalSteps;
            task.Value = Math.Min(progress.Step, progress.TotalSteps);
            task.Description = Markup.Escape($"{JobViews.State(job.State)} epoch {progress.Epoch}/{progress.TotalEpochs} {JobViews.Metrics(progress)}");
        }
        else
        {
            task.Description = Markup.Escape($"{job.Id} {JobViews.State(job.State)}");
        }

        if (JobViews.IsFinished(job.State))
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
