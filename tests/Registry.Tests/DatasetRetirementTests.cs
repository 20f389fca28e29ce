using Grpc.Core;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using IngestionGarbage = Mlops.Ingestion.V1.CollectGarbageRequest;

namespace Mlops.Registry.Tests;

/// <summary>
/// Deleting a dataset version with the real Ingestion and Registry services: Ingestion asks the registry whether a run or a
/// model version uses it, refuses while one does (stored data intact), and afterwards collects the blobs nothing refers to.
/// </summary>
public sealed class DatasetRetirementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_dataset_version_a_run_used_is_kept_until_the_run_is_deleted_then_its_blobs_are_collected()
    {
        var ingestionRoot = Directory.CreateTempSubdirectory("registry-ingestion-retire-").FullName;
        try
        {
            await using var registry = await RegistryProcess.StartAsync(output);
            await using var ingestion = await ServiceProcess.StartAsync("Ingestion", new Dictionary<string, string?>
            {
                ["DataRoot"] = ingestionRoot,
                ["Ingestion__ImportRoots__0"] = RepositoryLayout.FashionMnistSampleFolder,
                ["services__registry__grpc__0"] = registry.Service.GrpcAddress.ToString(),
            }, output.WriteLine);
            var datasets = new IngestionService.IngestionServiceClient(ingestion.Channel);
            var version = (await Import(datasets)).Version;
            var blobFolder = Path.Combine(ingestionRoot, "ingestion", "blobs");
            var blobsBefore = Directory.GetFiles(blobFolder, "*", SearchOption.AllDirectories).Length;
            var run = await registry.Client.CreateRunAsync(new CreateRunRequest { Experiment = "retire-dataset", DatasetVersion = version.Id });
            await registry.Client.FinishRunAsync(new FinishRunRequest { RunId = run.Id, Status = RunStatus.Finished });

            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                datasets.DeleteVersionAsync(new DeleteVersionRequest { VersionId = version.Id }).ResponseAsync);
            var byPrefix = await Assert.ThrowsAsync<RpcException>(() =>
                datasets.DeleteVersionAsync(new DeleteVersionRequest { VersionId = version.Id[..12] }).ResponseAsync);
            var stillThere = await datasets.GetDatasetAsync(new GetDatasetRequest { Reference = version.Id });
            var nothingCollected = await datasets.CollectGarbageAsync(new IngestionGarbage());

            await registry.Client.DeleteRunAsync(new DeleteRunRequest { RunId = run.Id });
            var deleted = await datasets.DeleteVersionAsync(new DeleteVersionRequest { VersionId = version.Id });
            var gone = await Assert.ThrowsAsync<RpcException>(() => datasets.GetDatasetAsync(new GetDatasetRequest { Reference = version.Id }).ResponseAsync);
            var collected = await datasets.CollectGarbageAsync(new IngestionGarbage());
            var blobsLeft = Directory.GetFiles(blobFolder, "*", SearchOption.AllDirectories);
            var reimported = await Import(datasets);

            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.Contains($"run {run.Id}", refused.Status.Detail);
            Assert.Equal(StatusCode.InvalidArgument, byPrefix.StatusCode);
            Assert.Equal(version.Id, stillThere.Id);
            Assert.Empty(nothingCollected.RemovedSha256);
            Assert.Equal(version.Id, deleted.VersionId);
            Assert.Equal(StatusCode.NotFound, gone.StatusCode);
            Assert.Equal(blobsBefore, collected.RemovedSha256.Count);
            Assert.True(collected.FreedBytes >= version.SizeBytes);
            Assert.Empty(blobsLeft);
            Assert.True(reimported.Created);
            Assert.Equal(version.Id, reimported.Version.Id);
        }
        finally
        {
            Directory.Delete(ingestionRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Without_an_answer_from_the_registry_nothing_is_deleted()
    {
        var ingestionRoot = Directory.CreateTempSubdirectory("registry-ingestion-noregistry-").FullName;
        try
        {
            await using var ingestion = await ServiceProcess.StartAsync("Ingestion", new Dictionary<string, string?>
            {
                ["DataRoot"] = ingestionRoot,
                ["Ingestion__ImportRoots__0"] = RepositoryLayout.FashionMnistSampleFolder,
                ["services__registry__grpc__0"] = $"http://127.0.0.1:{FreePort.Next()}",
            }, output.WriteLine);
            var datasets = new IngestionService.IngestionServiceClient(ingestion.Channel);
            var version = (await Import(datasets)).Version;

            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                datasets.DeleteVersionAsync(new DeleteVersionRequest { VersionId = version.Id }).ResponseAsync);
            var archiveRefused = await Assert.ThrowsAsync<RpcException>(() =>
                datasets.ArchiveVersionAsync(new ArchiveVersionRequest { VersionId = version.Id }).ResponseAsync);

            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.Contains("nothing was changed", refused.Status.Detail);
            Assert.Equal(StatusCode.Unavailable, archiveRefused.StatusCode);
            var stillThere = await datasets.GetDatasetAsync(new GetDatasetRequest { Reference = "fashion-sample" });
            Assert.Equal(version.Id, stillThere.Id);
            Assert.False(stillThere.Archived);
        }
        finally
        {
            Directory.Delete(ingestionRoot, recursive: true);
        }
    }

    private static async Task<ImportDatasetResponse> Import(IngestionService.IngestionServiceClient datasets)
    {
        var files = FashionMnistSample.SampleFiles;
        return await datasets.ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = "fashion-sample",
            Idx = new IdxSource { ImagesPath = files.TrainImages, LabelsPath = files.TrainLabels, TestImagesPath = files.TestImages, TestLabelsPath = files.TestLabels },
            ClassNames = { FashionMnistSample.ClassNames },
        });
    }
}
