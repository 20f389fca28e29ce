using Mlops.Imaging;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Splitting;

namespace Mlops.Ingestion.Tests;

public sealed class DatasetImporterTests : IDisposable
{
    private readonly DomainStack stack = new();

    private static IdxImportPaths SamplePaths => new(
        TestData.Sample(FashionMnist.TrainImagesFile), TestData.Sample(FashionMnist.TrainLabelsFile),
        TestData.Sample(FashionMnist.TestImagesFile), TestData.Sample(FashionMnist.TestLabelsFile));

    private Task<Versioning.StoredVersion> ImportSample(string name = "sample", SplitRatios? ratios = null, IReadOnlyList<string>? classNames = null) =>
        stack.Importer.ImportAsync(() => stack.IdxReader.Read(SamplePaths, classNames ?? FashionMnist.ClassNames, null),
            new ImportSettings(name, [], ratios ?? SplitRatios.Default), CancellationToken.None);

    [Fact]
    public async Task Reimporting_the_same_data_gives_the_same_id_and_stores_nothing_new()
    {
        var first = await ImportSample();
        var blobs = stack.Blobs.Enumerate().ToHashSet();
        var second = await ImportSample();

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Version.Id, second.Version.Id);
        Assert.Equal(blobs, stack.Blobs.Enumerate().ToHashSet());
        Assert.Single(stack.Repository.ListVersions("sample"));
        Assert.Single(stack.Created);
    }

    [Fact]
    public async Task The_id_changes_with_the_split_seed_and_with_the_class_names()
    {
        var baseline = (await ImportSample()).Version.Id;
        var otherSeed = (await ImportSample(ratios: SplitRatios.Default with { Seed = 1 })).Version.Id;
        var otherNames = (await ImportSample(classNames: [.. FashionMnist.ClassNames.Select(name => name.ToUpperInvariant())])).Version.Id;

        Assert.Equal(3, new[] { baseline, otherSeed, otherNames }.Distinct().Count());
        Assert.Equal(3, stack.Repository.ListVersions("sample").Count);
        Assert.Equal(otherNames, stack.Repository.ListVersions("sample")[0].Id);
    }

    [Fact]
    public async Task Keeps_the_sample_test_split_and_takes_validation_from_train_by_class()
    {
        var version = (await ImportSample()).Version;

        var counts = version.Splits.ToDictionary(split => split.Split, split => split.Classes.Select(c => c.Count).ToArray());
        Assert.All(counts[Common.V1.Split.Test], count => Assert.Equal(100, count));
        Assert.All(counts[Common.V1.Split.Validation], count => Assert.Equal(30, count));
        Assert.All(counts[Common.V1.Split.Train], count => Assert.Equal(270, count));
        Assert.Equal(FashionMnist.ClassNames, version.ClassNames);
    }

    [Fact]
    public async Task Stored_splits_read_back_as_the_source_images()
    {
        var version = (await ImportSample()).Version;
        var manifest = (await stack.Reader.ManifestAsync(version.Id, CancellationToken.None))!;
        var test = await stack.Reader.SplitAsync(manifest, DatasetSplit.Test, CancellationToken.None);

        var sourceImages = IdxReader.ReadImages(TestData.Sample(FashionMnist.TestImagesFile));
        var sourceLabels = IdxReader.ReadLabels(TestData.Sample(FashionMnist.TestLabelsFile));
        Assert.True(sourceImages.Pixels.AsSpan().SequenceEqual(test.Pixels.Span));
        Assert.True(sourceLabels.AsSpan().SequenceEqual(test.Labels.Span));
    }

    [Fact]
    public async Task A_failed_import_leaves_no_version_and_no_blobs()
    {
        var labels = Path.Combine(stack.ImportFolder, "labels.idx");
        IdxWriter.WriteLabels(labels, [.. Enumerable.Repeat((byte)11, 3000)]);
        var paths = new IdxImportPaths(TestData.Sample(FashionMnist.TrainImagesFile), labels);

        var error = await Assert.ThrowsAsync<DatasetImportException>(() => stack.Importer.ImportAsync(
            () => stack.IdxReader.Read(paths, FashionMnist.ClassNames, null), new ImportSettings("bad", [], SplitRatios.Default), CancellationToken.None));

        Assert.Contains("Label 11 of image 0", error.Message);
        Assert.Empty(stack.Blobs.Enumerate());
        Assert.Empty(stack.Repository.ListDatasets());
        Assert.Empty(stack.Created);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("name@tag")]
    public async Task Refuses_invalid_dataset_names(string name)
    {
        var error = await Assert.ThrowsAsync<DatasetImportException>(() => ImportSample(name));
        Assert.Contains("not a valid dataset name", error.Message);
    }

    public void Dispose() => stack.Dispose();
}
