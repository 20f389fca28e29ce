using Mlops.Training.Model;
using Mlops.Training.Repositories;

namespace Mlops.Training.Jobs;

/// <summary>
/// The jobs of this service: every change is written to the repository, then published to the job's watchers;
/// a job's first terminal state is final and told to the <see cref="IJobEndListener"/>s.
/// </summary>
public sealed class JobStore(IJobRepository repository, JobEventHub events, IEnumerable<IJobEndListener> endListeners, TimeProvider clock)
{
    private readonly Lock gate = new();

    public TrainingJob? Find(string jobId) => string.IsNullOrEmpty(jobId) ? null : repository.FindJob(jobId);

    public IReadOnlyList<TrainingJob> List(JobStatus state, string? sweepId, int limit) => repository.ListJobs(state, sweepId, limit);

    /// <summary>Takes or renews this worker's lease on the job for <paramref name="duration"/>; false while another worker holds it.</summary>
    public bool TryLease(string jobId, string worker, TimeSpan duration)
    {
        var now = clock.GetUtcNow();
        return repository.TryLease(jobId, worker, now, now + duration);
    }

    public void ReleaseLease(string jobId, string worker) => repository.ReleaseLease(jobId, worker);

    public DateTimeOffset Now() => clock.GetUtcNow();

    public void Add(TrainingJob job, string message)
    {
        lock (gate)
        {
            repository.SaveJob(job);
        }
        events.Publish(job, message);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored job and saves it, unless the job has already ended
    /// (then nothing changes and the stored job is returned). Null when there is no such job.
    /// </summary>
    public TrainingJob? Update(string jobId, Action<TrainingJob> change, string message)
    {
        TrainingJob job;
        lock (gate)
        {
            var stored = repository.FindJob(jobId);
            if (stored is null)
            {
                return null;
            }

            if (JobStates.IsTerminal(stored.State))
            {
                return stored;
            }

            job = stored;
            change(job);
            if (JobStates.IsTerminal(job.State))
            {
                job.FinishedAt ??= Now();
            }

            repository.SaveJob(job);
        }
        events.Publish(job, message);
        if (JobStates.IsTerminal(job.State))
        {
            foreach (var listener in endListeners)
            {
                listener.JobEnded(job);
            }
        }
        return job;
    }

    public TrainingJob? End(string jobId, JobStatus state, string error) => Update(jobId, job =>
    {
        job.State = state;
        job.Error = error;
    }, error.Length > 0 ? error : $"job {state.ToString().ToLowerInvariant()}");
}
