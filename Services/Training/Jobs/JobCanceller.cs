using Mlops.Training.Model;

namespace Mlops.Training.Jobs;

/// <summary>
/// Cancels a job: a queued one ends at once; a running one is flagged (a worker on another replica sees the flag
/// at its next heartbeat) and, when it runs in this process, stopped at its next training step.
/// </summary>
public sealed class JobCanceller(JobStore store, RunningJobs running)
{
    /// <summary>The job after the request; null when there is no such job.</summary>
    public TrainingJob? Cancel(string jobId)
    {
        var job = store.Find(jobId);
        if (job is null || JobStates.IsTerminal(job.State))
        {
            return job;
        }

        if (job.State == JobStatus.Queued)
        {
            var ended = store.Update(jobId, j =>
            {
                if (j.State != JobStatus.Queued)
                {
                    return;
                }

                j.State = JobStatus.Cancelled;
                j.Error = "cancelled before it started";
            }, "cancelled before it started");
            if (ended is { State: JobStatus.Cancelled })
            {
                return ended;
            }
        }
        var flagged = store.Update(jobId, j => j.CancelRequested = true, "cancel requested");
        running.Cancel(jobId);
        return flagged;
    }
}
