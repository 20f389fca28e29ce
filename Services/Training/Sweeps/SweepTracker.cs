using Mlops.Training.Jobs;
using Mlops.Training.Model;
using Mlops.Training.Repositories;

namespace Mlops.Training.Sweeps;

/// <summary>Keeps each sweep's best trial and state up to date as its trials end.</summary>
public sealed class SweepTracker(IJobRepository repository) : IJobEndListener
{
    private readonly Lock gate = new();

    public void JobEnded(TrainingJob job)
    {
        if (string.IsNullOrEmpty(job.SweepId))
        {
            return;
        }

        lock (gate)
        {
            if (repository.FindSweep(job.SweepId) is not { } sweep || repository.FindSweepPlan(job.SweepId) is not { } request)
            {
                return;
            }

            Summarise(sweep);
            repository.SaveSweep(sweep, request);
        }
    }

    /// <summary>Sets the best trial (by the sweep's metric and goal) and the state: RUNNING until every trial ended, then SUCCEEDED if one succeeded.</summary>
    public static void Summarise(ParameterSweep sweep)
    {
        var scored = sweep.Trials
            .Where(t => t.State == JobStatus.Succeeded && t.Metrics.ContainsKey(sweep.Metric) && !double.IsNaN(t.Metrics[sweep.Metric]))
            .ToList();
        var best = sweep.Goal == SweepGoal.Minimize
            ? scored.MinBy(t => t.Metrics[sweep.Metric])
            : scored.MaxBy(t => t.Metrics[sweep.Metric]);
        sweep.BestParameters.Clear();
        if (best is not null)
        {
            sweep.BestJobId = best.Id;
            sweep.BestValue = best.Metrics[sweep.Metric];
            foreach (var (key, value) in best.Parameters)
            {
                sweep.BestParameters[key] = value;
            }
        }
        if (sweep.Trials.All(t => JobStates.IsTerminal(t.State)))
        {
            sweep.State = scored.Count > 0 ? JobStatus.Succeeded : JobStatus.Failed;
        }
    }
}
