using System.Globalization;
using Mlops.Training.Model;
using Mlops.Training.Repositories;

namespace Mlops.Training.Jobs;

/// <summary>
/// Median stopping for sweeps that ask for it: a trial whose per-epoch metric is worse than the median of the
/// finished trials at the same epoch is stopped (never at its last epoch, where stopping saves nothing).
/// </summary>
public sealed class MedianStoppingRule(IJobRepository repository)
{
    /// <summary>Why to stop the trial now, or null to go on.</summary>
    public string? Check(TrainingJob job, int epoch, int totalEpochs, IReadOnlyDictionary<string, double> metrics)
    {
        if (string.IsNullOrEmpty(job.SweepId) || epoch >= totalEpochs)
        {
            return null;
        }

        if (repository.FindSweepPlan(job.SweepId) is not { MedianStopping: true } || repository.FindSweep(job.SweepId) is not { } sweep)
        {
            return null;
        }

        if (!metrics.TryGetValue(sweep.StoppingMetric, out var value))
        {
            return null;
        }

        var finished = sweep.Trials.Where(t => t.State == JobStatus.Succeeded && t.Id != job.Id).Select(t => t.Id).ToList();
        var others = repository.EpochMetric(finished, epoch, sweep.StoppingMetric);
        if (!IsWorseThanMedian(value, others, sweep.Goal, out var median))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"stopped by the median rule: {sweep.StoppingMetric} {value:0.####} at epoch {epoch} is worse than the median {median:0.####} of {others.Count} finished trial(s)");
    }

    public static bool IsWorseThanMedian(double value, IReadOnlyList<double> others, SweepGoal goal, out double median)
    {
        median = double.NaN;
        if (others.Count == 0)
        {
            return false;
        }

        var sorted = others.Order().ToArray();
        median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return goal == SweepGoal.Minimize ? value > median : value < median;
    }
}
