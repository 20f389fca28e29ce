using Mlops.Registry.Model;
using Mlops.Registry.Repositories;
using Mlops.ServiceDefaults;

namespace Mlops.Registry.Runs;

/// <summary>
/// Deleting and archiving runs, refused while a model version depends on them: a version that is not archived keeps
/// its run (its lineage must stay readable), and a version an alias points at keeps its run visible too.
/// </summary>
public sealed class RunRetirement(IRunRepository runs, IModelRepository models, RunStore store)
{
    public RunDeletion Delete(string runId)
    {
        var run = Ended(runId, "deleted");
        var active = Dependents(run.Id).Where(version => version.Status != VersionState.Archived).ToList();
        if (active.Count > 0)
        {
            throw RegistryException.FailedPrecondition(
                $"Run '{run.Id}' is the lineage of model version {Names(active)}; archive {(active.Count == 1 ? "that version" : "those versions")} " +
                "(ArchiveModelVersion) before deleting the run. Nothing was deleted.");
        }

        var points = runs.Delete(run.Id);
        return new RunDeletion(run.Id, points);
    }

    public ExperimentRun Archive(string runId)
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
    public DatasetUsageReport UsageOf(string datasetVersionId)
    {
        if (string.IsNullOrWhiteSpace(datasetVersionId) || datasetVersionId.Length > RunRequestLimits.MaxNameChars)
        {
            throw RegistryException.InvalidArgument(
                $"Give the dataset version id (at most {RunRequestLimits.MaxNameChars} characters), not '{EchoedInput.Of(datasetVersionId)}'.");
        }

        var versions = AllVersions().Where(version => version.Lineage?.DatasetVersionId == datasetVersionId).ToList();
        return new DatasetUsageReport(
            datasetVersionId,
            [.. runs.List(null, RunState.Unspecified, datasetVersionId).Select(run => run.Id)],
            [.. versions.Select(Name)],
            [.. versions.Where(version => version.Status != VersionState.Archived).Select(Name)],
            [.. versions.Where(version => version.Aliases.Count > 0).Select(Name)]);
    }

    private ExperimentRun Ended(string runId, string verb)
    {
        var run = store.Get(runId);
        if (run.Status == RunState.Running)
        {
            throw RegistryException.FailedPrecondition(
                $"Run '{run.Id}' is still running; it can be {verb} once it has finished (FinishRun), failed or been cancelled.");
        }

        return run;
    }

    private List<RegisteredVersion> Dependents(string runId) =>
        AllVersions().Where(version => version.Lineage?.RunId == runId).ToList();

    private IEnumerable<RegisteredVersion> AllVersions() =>
        models.ListModels().SelectMany(model => models.ListVersions(model.Name, includeArchived: true));

    private static string Names(IEnumerable<RegisteredVersion> versions) => string.Join(", ", versions.Select(Name));

    private static string Name(RegisteredVersion version) => version.Label;
}
