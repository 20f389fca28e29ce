using Mlops.Training.Model;
using Mlops.Training.Sweeps;

namespace Mlops.Training.Repositories;

public interface IJobRepository
{
    TrainingJob? FindJob(string jobId);

    /// <summary>Jobs newest first, optionally of one state or sweep.</summary>
    IReadOnlyList<TrainingJob> ListJobs(JobStatus state, string? sweepId, int limit);

    /// <summary>Inserts the job, or replaces the stored one with the same id.</summary>
    void SaveJob(TrainingJob job);

    ParameterSweep? FindSweep(string sweepId);

    IReadOnlyList<ParameterSweep> ListSweeps(int limit);

    SweepPlan? FindSweepPlan(string sweepId);

    /// <summary>Inserts the sweep (without its trials), or replaces the stored one with the same id.</summary>
    void SaveSweep(ParameterSweep sweep, SweepPlan plan);

    /// <summary>
    /// Takes or renews the job's lease for <paramref name="worker"/> until <paramref name="until"/>, atomically; false when
    /// another worker holds a lease that has not run out at <paramref name="now"/>.
    /// </summary>
    bool TryLease(string jobId, string worker, DateTimeOffset now, DateTimeOffset until);

    /// <summary>Gives up the worker's lease on the job (it ended or was left to be run again).</summary>
    void ReleaseLease(string jobId, string worker);

    void SaveEpochMetrics(string jobId, int epoch, IReadOnlyDictionary<string, double> metrics);

    /// <summary>The value of <paramref name="key"/> at <paramref name="epoch"/> for each of the given jobs that has one.</summary>
    IReadOnlyList<double> EpochMetric(IReadOnlyCollection<string> jobIds, int epoch, string key);
}
