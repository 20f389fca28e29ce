using Mlops.Automation.Firings;
using Mlops.Automation.Repositories;
using Mlops.Automation.Telemetry;

namespace Mlops.Automation.Engine;

/// <summary>Brings the firings whose training job was submitted up to date once the job ends (also jobs submitted before a restart).</summary>
public sealed partial class JobFollower(AutomationStore store, IPlatform platform, AutomationMetrics metrics, TimeProvider clock, ILogger<JobFollower> logger)
{
    public async Task<IReadOnlyList<Firing>> CheckAsync(CancellationToken cancellationToken)
    {
        var ended = new List<Firing>();
        foreach (var firing in store.Running())
        {
            JobStatus job;
            try
            {
                job = await platform.GetJobAsync(firing.JobId, cancellationToken);
            }
            catch (PlatformCallException error)
            {
                LogJobUnknown(logger, firing.JobId, error.Message);
                continue;
            }

            if (!job.HasEnded)
            {
                continue;
            }

            var finished = firing with
            {
                Outcome = job.Phase == JobPhase.Succeeded ? FiringOutcome.Succeeded : FiringOutcome.Failed,
                Detail = job.Phase == JobPhase.Succeeded
                    ? $"training job {job.Id} registered {job.Model}/{job.ModelVersion}"
                    : $"training job {job.Id} ended {job.Phase.ToString().ToLowerInvariant()}: {job.Error}",
                ModelName = job.Model.Length > 0 ? job.Model : firing.ModelName,
                ModelVersion = job.ModelVersion,
                FinishedAt = clock.GetUtcNow(),
            };
            store.Update(finished);
            metrics.Recorded(finished);
            ended.Add(finished);
        }

        return ended;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read training job {JobId}: {Reason}; trying again later")]
    private static partial void LogJobUnknown(ILogger logger, string jobId, string reason);
}
