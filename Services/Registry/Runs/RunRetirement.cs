using Mlops.Registry.Repositories;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;

namespace Mlops.Registry.Runs;

/// <summary>
/// Deleting and archiving runs, refused while a model version depends on them: a version that is not archived keeps
/// its run (its lineage must stay readable), and a version an alias points at keeps its run visible too.
/// </summary>
public sealed class RunRetirement(IRunRepository runs, IModelRepository models, RunStore store)
{
    public DeleteRunResponse Delete(string runId)
    {
        var run = Ended(runId, "deleted");
        var active = Dependents(run.Id).Where(version => version.Status != ModelVersionStatus.Archived).ToList();
        if (active.Count > 0)
        {
            throw RegistryException.FailedPrecondition(
                $"Run '{run.Id}' is the lineage of model version {Names(active)}; archive {(active.Count == 1 ? "that version" : "those versions")} " +
                "(ArchiveModelVersion) before deleting the run. Nothing was deleted.");
        }

        var points = runs.Delete(run.Id);
        return new DeleteRunResponse { RunId = run.Id, DeletedPoints = points };
    }

    public Run Archive(string runId)
    {
        var run = Ended(runId, "archived");
        var aliased = Dependents(run.Id).Where(version => version.Aliases.Count > 0).ToList();
        if (aliased.Count > 0)
        {
            throw RegistryException.FailedPrecondition(
                $"Run '{run.Id}' is the lineage of model version {Names(aliased)}, which alias " +
                $"{string.Join(", ", aliased.SelectMany(version => version.Aliases).Distinct().Select(alias => $"'{alias}'"))} points at; " +
                "move the alias first. Nothing was changed.");
        }

        return store.MarkArchived(run.Id);
    }

    /// <summary>What names a dataset version: runs, and model versions through their lineage.</summary>
    public DatasetUsage UsageOf(string datasetVersion)
    {
        if (string.IsNullOrWhiteSpace(datasetVersion) || datasetVersion.Length > RunRequestLimits.MaxNameChars)
        {
            throw RegistryException.InvalidArgument(
                $"Give the dataset version id (at most {RunRequestLimits.MaxNameChars} characters), not '{EchoedInput.Of(datasetVersion)}'.");
        }

        var usage = new DatasetUsage { DatasetVersion = datasetVersion };
        usage.RunIds.AddRange(runs.List(null, RunStatus.Unspecified, datasetVersion).Select(run => run.Id));
        var versions = AllVersions().Where(version => version.Lineage?.DatasetVersion == datasetVersion).ToList();
        usage.ModelVersions.AddRange(versions.Select(Name));
        usage.ActiveModelVersions.AddRange(versions.Where(version => version.Status != ModelVersionStatus.Archived).Select(Name));
        usage.AliasedModelVersions.AddRange(versions.Where(version => version.Aliases.Count > 0).Select(Name));
        return usage;
    }

    private Run Ended(string runId, string verb)
    {
        var run = store.Get(runId);
        if (run.Status == RunStatus.Running)
        {
            throw RegistryException.FailedPrecondition(
                $"Run '{run.Id}' is still running; it can be {verb} once it has finished (FinishRun), failed or been cancelled.");
        }

        return run;
    }

    private List<ModelVersion> Dependents(string runId) =>
        AllVersions().Where(version => version.Lineage?.RunId == runId).ToList();

    private IEnumerable<ModelVersion> AllVersions() =>
        models.ListModels().SelectMany(model => models.ListVersions(model.Name, includeArchived: true));

    private static string Names(IEnumerable<ModelVersion> versions) => string.Join(", ", versions.Select(Name));

    private static string Name(ModelVersion version) => $"{version.ModelName}/{version.Version}";
}
