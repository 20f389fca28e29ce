using Mlops.Training.Configs;
using Mlops.Training.Jobs;
using Mlops.Training.Model;
using Mlops.Training.Repositories;

namespace Mlops.Training.Sweeps;

/// <summary>
/// Starts a sweep: expands its space, checks every trial's config and the dataset before anything is queued,
/// then queues one job per trial (the workers share them out like any job).
/// </summary>
public sealed class SweepCoordinator(JobSubmitter submitter, IJobRepository repository, TimeProvider clock)
{
    public const string DefaultMetric = "val_accuracy";

    /// <exception cref="SweepSpaceException">The space is empty or invalid, or the metric is unknown.</exception>
    /// <exception cref="ConfigException">A trial's config does not resolve (every problem of every trial is listed).</exception>
    /// <exception cref="DatasetNotFoundException">The dataset does not exist.</exception>
    public async Task<ParameterSweep> SubmitAsync(SweepPlan plan, CancellationToken cancellationToken)
    {
        var metric = string.IsNullOrWhiteSpace(plan.Metric) ? DefaultMetric : plan.Metric.Trim();
        if (!MetricNames.SweepMetrics.Contains(metric))
        {
            throw new SweepSpaceException($"Unknown sweep metric '{metric}'; choose one of {string.Join(", ", MetricNames.SweepMetrics)}.");
        }

        var goal = plan.Goal != SweepGoal.Unspecified ? plan.Goal : MetricNames.IsLoss(metric) ? SweepGoal.Minimize : SweepGoal.Maximize;
        var trials = SweepSpace.Expand(plan.Parameters, plan.Strategy, plan.MaxTrials, plan.Seed);

        var prepared = new List<PreparedJob>();
        var problems = new List<string>();
        for (var i = 0; i < trials.Count; i++)
        {
            var overrides = trials[i].Select(p => $"{p.Key}={p.Value}");
            try
            {
                prepared.Add(await submitter.PrepareAsync(plan.BaseConfig.WithOverrides(overrides), cancellationToken));
            }
            catch (ConfigException e)
            {
                problems.AddRange(e.Problems.Select(p => $"trial {i + 1} ({string.Join(", ", overrides)}): {p}"));
            }
        }
        if (problems.Count > 0)
        {
            throw new ConfigException(problems.Distinct().ToList());
        }

        var sweep = new ParameterSweep
        {
            Id = Guid.CreateVersion7().ToString("N"),
            State = JobStatus.Running,
            Metric = metric,
            Goal = goal,
            BestValue = double.NaN,
            StoppingMetric = StoppingMetric(metric, goal),
            CreatedAt = clock.GetUtcNow(),
        };
        repository.SaveSweep(sweep, plan with { Metric = metric, Goal = goal });
        for (var i = 0; i < prepared.Count; i++)
        {
            await submitter.EnqueueAsync(prepared[i], sweep.Id, trials[i], cancellationToken);
        }

        return repository.FindSweep(sweep.Id)!;
    }

    /// <summary>The sweep metric when it is reported every epoch, else validation accuracy or loss by the goal.</summary>
    public static string StoppingMetric(string metric, SweepGoal goal) =>
        MetricNames.EpochMetrics.Contains(metric) ? metric
        : goal == SweepGoal.Minimize ? MetricNames.ValidationLoss : MetricNames.ValidationAccuracy;
}
