namespace Mlops.Ingestion.Retention;

/// <summary>What outside this service names a dataset version: runs, model versions that are not archived, and those an alias points at.</summary>
public sealed record DatasetUsage(IReadOnlyList<string> RunIds, IReadOnlyList<string> ActiveModelVersions, IReadOnlyList<string> AliasedModelVersions);

/// <summary>Asks whoever tracks runs and models (the registry) what uses a dataset version.</summary>
public interface IDatasetUsageSource
{
    /// <exception cref="DatasetUsageUnavailableException">The answer cannot be had; nothing may be deleted on a guess.</exception>
    Task<DatasetUsage> UsageOfAsync(string datasetVersionId, CancellationToken cancellationToken);
}

public sealed class DatasetUsageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A delete or archive the current state refuses (the version is in use); nothing was changed.</summary>
public sealed class DatasetInUseException(string message) : Exception(message);
