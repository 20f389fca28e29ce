using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Repositories;

public interface IDatasetRepository
{
    IReadOnlyList<DatasetSummary> ListDatasets();

    /// <summary>Versions of one dataset, newest first.</summary>
    IReadOnlyList<DatasetVersion> ListVersions(string name);

    /// <summary>A version by id (or unique id prefix), or by `name`, `name@latest`, `name@tag`; null when none matches.</summary>
    DatasetVersion? Find(string reference);
}
