using Mlops.Registry.Model;

namespace Mlops.Registry.Repositories;

public interface IRunRepository
{
    ExperimentRun? Find(string runId);

    void Insert(ExperimentRun run);

    /// <summary>Replaces the stored run (status, metrics, artifacts) with <paramref name="run"/>.</summary>
    void Update(ExperimentRun run);

    /// <summary>Appends points to the run's metric series and stores the run (with its updated last values) in one transaction.</summary>
    void AppendMetrics(ExperimentRun run, IReadOnlyList<MetricSample> points);

    /// <summary>Runs newest first, filtered by experiment, status and dataset version where given.</summary>
    IReadOnlyList<ExperimentRun> List(string? experiment, RunState status, string? datasetVersionId);

    IReadOnlyList<MetricSample> MetricHistory(string runId, string key);

    /// <summary>Deletes a run, its metric series and its artifact links in one transaction; the number of metric points deleted.</summary>
    long Delete(string runId);
}
