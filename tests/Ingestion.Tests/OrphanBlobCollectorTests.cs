using Mlops.Imaging;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Profiles;
using Mlops.Ingestion.Reading;
using Mlops.Ingestion.Splitting;
using Mlops.Ingestion.Versioning;
using Mlops.Storage;

namespace Mlops.Ingestion.Tests;

/// <summary>Garbage collection of blobs: what deleted versions and crashed imports leave is removed, what a version uses is kept.</summary>
public sealed class OrphanBlobCollectorTests : IDisposable
{
    private readonly DomainStack stack = new();

    private static IdxImportPaths SamplePaths => new(
        TestData.Sample(FashionMnist.TrainImagesFile), TestData.Sample(FashionMnist.TrainLabelsFile),
        TestData.Sample(FashionMnist.TestImagesFile), TestData.Sample(FashionMnist.TestLabelsFile));

    [Fact]
    public async Task Blobs_of_a_deleted_version_and_of_a_crashed_import_are_removed_and_every_live_version_still_reads()
    {
        var deleted = (await ImportSample(seed: 0)).Version;
        var kept = (await ImportSample(seed: 1)).Version;
        var leftover = await stack.Blobs.PutAsync(new byte[] { 1, 2, 3, 4 });
        var keptBlobs = (await stack.Reader.ManifestAsync(kept.Id, CancellationToken.None))!.BlobsWith(stack.Repository.BlobsOf(kept.Id)!);
        stack.Repository.Delete(deleted.Id);

        var dryRun = await stack.Collector.CollectAsync(dryRun: true, CancellationToken.None);
        var storedAfterDryRun = stack.Blobs.Enumerate().Count();
        var collected = await stack.Collector.CollectAsync(dryRun: false, CancellationToken.None);

        Assert.Contains(leftover.Sha256, collected.RemovedSha256);
        Assert.Contains(deleted.Id, collected.RemovedSha256); // its manifest
        Assert.Equal(dryRun.RemovedSha256, collected.RemovedSha256);
        Assert.Equal(dryRun.RemovedSha256.Count + keptBlobs.Distinct().Count(), storedAfterDryRun);
        Assert.Empty(collected.RemovedSha256.Intersect(keptBlobs));
        Assert.Equal(keptBlobs.Distinct().Order(), stack.Blobs.Enumerate().Order());
        await ReadsCompletely(kept.Id);
        Assert.Empty((await stack.Collector.CollectAsync(dryRun: false, CancellationToken.None)).RemovedSha256);
    }

    [Fact]
    public async Task A_collection_waits_for_an_import_between_its_blobs_and_its_row()
    {
        // The import in progress: its gate entered, its blobs and row written by a writer that does not take the gate itself.
        var importing = await stack.Gate.EnterWriteAsync(CancellationToken.None);
        var collection = stack.Collector.CollectAsync(dryRun: false, CancellationToken.None);
        Assert.False(collection.IsCompleted);
        var ungated = new DatasetImporter(new DatasetVersionWriter(stack.Blobs, stack.Repository, TimeProvider.System), [], ProfileOptions.Default);
        var version = (await ungated.ImportAsync(Read, new ImportSettings("sample", [], SplitRatios.Default), CancellationToken.None)).Version;
        Assert.False(collection.IsCompleted);
        importing.Dispose();

        var collected = await collection;

        Assert.Empty(collected.RemovedSha256);
        await ReadsCompletely(version.Id);
    }

    [Fact]
    public async Task An_import_waits_while_a_collection_runs()
    {
        var collecting = await stack.Gate.EnterCollectionAsync(CancellationToken.None);
        var import = ImportSample(seed: 0);
        Assert.False(import.IsCompleted);
        Assert.Empty(stack.Blobs.Enumerate());
        Assert.Equal(0, stack.Gate.RunningWrites);
        collecting.Dispose();

        var imported = await import;
        await ReadsCompletely(imported.Version.Id);
    }

    public void Dispose() => stack.Dispose();

    private SourceDataset Read() => stack.IdxReader.Read(SamplePaths, FashionMnist.ClassNames, null);

    private Task<StoredVersion> ImportSample(int seed) =>
        stack.Importer.ImportAsync(Read, new ImportSettings("sample", [], SplitRatios.Default with { Seed = seed }), CancellationToken.None);

    private async Task ReadsCompletely(string id)
    {
        var reader = new VersionReader(stack.Blobs, stack.Repository, new SplitCache(1L << 30));
        var manifest = (await reader.ManifestAsync(id, CancellationToken.None))!;
        foreach (var split in DatasetSplits.All)
        {
            var images = await reader.SplitAsync(manifest, split, CancellationToken.None);
            Assert.Equal(manifest[split].Count, images.Count);
        }

        Assert.NotNull(await reader.ProfileAsync(id, CancellationToken.None));
    }
}
