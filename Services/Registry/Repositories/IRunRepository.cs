using Mlops.Registry.V1;

namespace Mlops.Registry.Repositories;

public interface IRunRepository
{
    Run? Find(string runId);

    void Insert(Run run);

    /// <summary>Replaces the stored run (status, metrics, artifacts) with <paramref name="run"/>.</summary>
    void Update(Run run);

    /// <summary>Appends points to the run's metric series and stores the run (with its updated last values) in one transaction.</summary>
    void AppendMetrics(Run run, IReadOnlyList<MetricPoint> points);

    /// <summary>Runs newest first, filtered by experiment, status and dataset version where given.</summary>
    IReadOnlyList<Run> List(string? experiment, RunStatus status, string? datasetVersion);

    IReadOnlyList<MetricPoint> MetricHistory(string runId, string key);

    /// <summary>Deletes a run, its metric series and its artifact links in one transaction; the number of metric points deleted.</summary>
    long Delete(string runId);
}
