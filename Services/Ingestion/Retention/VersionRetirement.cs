using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Retention;

/// <summary>
/// Deleting and archiving dataset versions. A version a run or a registered model version (not archived) names is kept:
/// deleting it would leave their lineage pointing at nothing. Archiving only hides it from `name@latest` and listings,
/// so it is refused only while a model version an alias points at was trained on it. Callers pass the full id of a stored version.
/// </summary>
public sealed class VersionRetirement(IDatasetRepository repository, IDatasetUsageSource usage)
{
    public async Task<string> DeleteAsync(string datasetVersionId, CancellationToken cancellationToken)
    {
        var id = datasetVersionId;
        var used = await usage.UsageOfAsync(id, cancellationToken);
        var users = used.RunIds.Select(run => $"run {run}").Concat(used.ActiveModelVersions.Select(model => $"model version {model}")).ToList();
        if (users.Count > 0)
        {
            throw new DatasetInUseException(
                $"Dataset version {id} is in use by {Listed(users)}; delete the runs and archive the model versions first " +
                "(`mlops runs delete`, `mlops models archive`). Nothing was deleted.");
        }

        repository.Delete(id);
        return id;
    }

    public async Task<DatasetVersion> ArchiveAsync(string datasetVersionId, CancellationToken cancellationToken)
    {
        var id = datasetVersionId;
        var used = await usage.UsageOfAsync(id, cancellationToken);
        if (used.AliasedModelVersions.Count > 0)
        {
            throw new DatasetInUseException(
                $"Dataset version {id} trained model version {Listed(used.AliasedModelVersions)}, which an alias (e.g. production) " +
                "points at; move the alias first. Nothing was changed.");
        }

        repository.Archive(id);
        return repository.Find(id)!;
    }

    private static string Listed(IReadOnlyList<string> items) =>
        items.Count <= 5 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(5))} and {items.Count - 5} more";
}
