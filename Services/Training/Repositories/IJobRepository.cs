using Mlops.Training.V1;

namespace Mlops.Training.Repositories;

public interface IJobRepository
{
    Job? FindJob(string jobId);

    /// <summary>Jobs newest first, optionally of one state or sweep.</summary>
    IReadOnlyList<Job> ListJobs(JobState state, string? sweepId, int limit);

    Sweep? FindSweep(string sweepId);

    IReadOnlyList<Sweep> ListSweeps(int limit);
}
