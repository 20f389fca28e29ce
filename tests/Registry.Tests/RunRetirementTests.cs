using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>Deleting and archiving runs against the running service: refused while a model version depends on the run, and nothing changes then.</summary>
public sealed class RunRetirementTests(SharedRegistry shared) : IClassFixture<SharedRegistry>
{
    private RegistryService.RegistryServiceClient Client => shared.Registry.Client;

    [Fact]
    public async Task A_run_behind_a_registered_version_is_kept_until_the_version_is_archived_then_deleted_with_its_metrics()
    {
        var run = await FinishedRun("retire-lineage", points: 3);
        var version = await Client.RegisterAsync("retire-lineage", Models.GoodOnnx.Value, runId: run.Id, datasetVersion: SampleIngestionServer.DatasetVersionId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteRunAsync(new DeleteRunRequest { RunId = run.Id }).ResponseAsync);
        var kept = await Client.GetRunAsync(new GetRunRequest { RunId = run.Id });
        var keptHistory = await Client.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = run.Id, Key = "loss" });
        await Client.ArchiveModelVersionAsync(new ArchiveModelVersionRequest { ModelName = "retire-lineage", Version = version.Version });
        var deleted = await Client.DeleteRunAsync(new DeleteRunRequest { RunId = run.Id });
        var gone = await Assert.ThrowsAsync<RpcException>(() => Client.GetRunAsync(new GetRunRequest { RunId = run.Id }).ResponseAsync);
        var listed = await Client.ListRunsAsync(new ListRunsRequest { Experiment = "retire-lineage", IncludeArchived = true });

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains($"retire-lineage/{version.Version}", refused.Status.Detail);
        Assert.Equal(run.Id, kept.Id);
        Assert.Equal(3, keptHistory.Points.Count);
        Assert.Equal(3, deleted.DeletedPoints);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Empty(listed.Runs);
    }

    [Fact]
    public async Task A_running_run_cannot_be_deleted_or_archived()
    {
        var run = await Client.CreateRunAsync(new CreateRunRequest { Experiment = "retire-running", Name = "r" });

        var delete = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteRunAsync(new DeleteRunRequest { RunId = run.Id }).ResponseAsync);
        var archive = await Assert.ThrowsAsync<RpcException>(() => Client.ArchiveRunAsync(new ArchiveRunRequest { RunId = run.Id }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteRunAsync(new DeleteRunRequest { RunId = "no-such-run" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, delete.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, archive.StatusCode);
        Assert.Contains("still running", delete.Status.Detail);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(RunStatus.Running, (await Client.GetRunAsync(new GetRunRequest { RunId = run.Id })).Status);
    }

    [Fact]
    public async Task An_archived_run_leaves_the_list_unless_asked_for_but_a_run_behind_an_aliased_version_stays()
    {
        var plain = await FinishedRun("retire-archive", points: 1);
        var serving = await FinishedRun("retire-archive", points: 1);
        var version = await Client.RegisterAsync("retire-archive", Models.GoodOnnx.Value, runId: serving.Id, datasetVersion: SampleIngestionServer.DatasetVersionId);
        await Client.SetAliasAsync(new SetAliasRequest { ModelName = "retire-archive", Alias = "champion", Version = version.Version });

        var archived = await Client.ArchiveRunAsync(new ArchiveRunRequest { RunId = plain.Id });
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.ArchiveRunAsync(new ArchiveRunRequest { RunId = serving.Id }).ResponseAsync);
        var visible = await Client.ListRunsAsync(new ListRunsRequest { Experiment = "retire-archive" });
        var all = await Client.ListRunsAsync(new ListRunsRequest { Experiment = "retire-archive", IncludeArchived = true });

        Assert.True(archived.Archived);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("'champion'", refused.Status.Detail);
        Assert.Equal([serving.Id], visible.Runs.Select(run => run.Id));
        Assert.Equal(2, all.Runs.Count);
        Assert.False((await Client.GetRunAsync(new GetRunRequest { RunId = serving.Id })).Archived);
    }

    [Fact]
    public async Task Dataset_usage_names_the_runs_and_model_versions_trained_on_a_dataset_version()
    {
        var dataset = new string('d', 64);
        var run = await FinishedRun("retire-usage", points: 1, dataset);
        var version = await Client.RegisterAsync("retire-usage", Models.GoodOnnx.Value, datasetVersion: dataset, runId: run.Id);
        await Client.SetAliasAsync(new SetAliasRequest { ModelName = "retire-usage", Alias = "champion", Version = version.Version });

        var usage = await Client.GetDatasetUsageAsync(new GetDatasetUsageRequest { DatasetVersion = dataset });
        var unused = await Client.GetDatasetUsageAsync(new GetDatasetUsageRequest { DatasetVersion = new string('e', 64) });

        Assert.Equal([run.Id], usage.RunIds);
        Assert.Equal([$"retire-usage/{version.Version}"], usage.ActiveModelVersions);
        Assert.Equal([$"retire-usage/{version.Version}"], usage.AliasedModelVersions);
        Assert.Empty(unused.RunIds);
        Assert.Empty(unused.ModelVersions);
    }

    private async Task<Run> FinishedRun(string experiment, int points, string datasetVersion = "")
    {
        var run = await Client.CreateRunAsync(new CreateRunRequest { Experiment = experiment, Name = "r", DatasetVersion = datasetVersion });
        var request = new LogMetricsRequest { RunId = run.Id };
        request.Points.AddRange(Enumerable.Range(0, points).Select(step => new MetricPoint { Key = "loss", Value = 1.0 / (step + 1), Step = step }));
        await Client.LogMetricsAsync(request);
        return await Client.FinishRunAsync(new FinishRunRequest { RunId = run.Id, Status = RunStatus.Finished });
    }
}
