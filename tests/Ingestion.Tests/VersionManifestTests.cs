using Mlops.Imaging;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Versioning;

namespace Mlops.Ingestion.Tests;

public sealed class VersionManifestTests
{
    private static readonly ImageShape Tiny = new(1, 1, 2);

    private static DatasetContent Content(byte[] trainLabels, string[]? classNames = null, byte validationPixel = 9) => new(
        Tiny, classNames ?? ["a", "b"],
        new LabelledImages(Tiny, [1, 2, 3, 4], trainLabels, 2),
        new LabelledImages(Tiny, [validationPixel, 9], [1], 1),
        LabelledImages.Empty(Tiny));

    [Fact]
    public void Round_trips_and_is_the_same_bytes_for_the_same_content()
    {
        var (manifest, bytes) = DatasetVersionWriter.Describe(Content([0, 1]));

        Assert.Equal(bytes, DatasetVersionWriter.Describe(Content([0, 1])).Bytes);
        var parsed = VersionManifest.Parse(bytes);
        Assert.Equal(manifest.Shape, parsed.Shape);
        Assert.Equal(manifest.ClassNames, parsed.ClassNames);
        Assert.Equal(manifest.Splits, parsed.Splits);
        Assert.Equal(0, parsed[DatasetSplit.Test].Count);
    }

    [Fact]
    public void Labels_class_names_and_split_assignment_each_change_the_bytes()
    {
        var baseline = DatasetVersionWriter.Describe(Content([0, 1])).Bytes;

        Assert.NotEqual(baseline, DatasetVersionWriter.Describe(Content([1, 1])).Bytes);
        Assert.NotEqual(baseline, DatasetVersionWriter.Describe(Content([0, 1], ["a", "c"])).Bytes);
        Assert.NotEqual(baseline, DatasetVersionWriter.Describe(Content([0, 1], validationPixel: 8)).Bytes);
        // The same images with the validation image moved into test is a different version.
        var moved = Content([0, 1]) with { Validation = LabelledImages.Empty(Tiny), Test = new LabelledImages(Tiny, [9, 9], [1], 1) };
        Assert.NotEqual(baseline, DatasetVersionWriter.Describe(moved).Bytes);
    }
}
