using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Events;

/// <summary>Told about every new dataset version once it is recorded. Must not throw or block.</summary>
public interface IDatasetVersionListener
{
    void OnCreated(DatasetVersion version);
}
