using Mlops.Registry.V1;

namespace Mlops.Registry.Repositories;

public interface IRunRepository
{
    Run? Find(string runId);

    /// <summary>Runs newest first, filtered by experiment, status and dataset version where given.</summary>
    IReadOnlyList<Run> List(string? experiment, RunStatus status, string? datasetVersion, int limit);

    IReadOnlyList<MetricPoint> MetricHistory(string runId, string key);
}
