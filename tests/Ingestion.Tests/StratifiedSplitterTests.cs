using Mlops.Imaging;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Splitting;

namespace Mlops.Ingestion.Tests;

public sealed class StratifiedSplitterTests
{
    private static readonly ImageShape Tiny = new(1, 1, 2);

    [Fact]
    public void Takes_the_rounded_fraction_of_every_class_for_validation_and_test()
    {
        var source = Source(perClass: [100, 37, 5]);
        var content = StratifiedSplitter.Split(source, new SplitRatios(0.1, 0.2, 7));

        Assert.Equal([10, 4, 1], content.Validation.CountPerClass(3));
        Assert.Equal([20, 7, 1], content.Test.CountPerClass(3));
        Assert.Equal([70, 26, 3], content.Train.CountPerClass(3));
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        byte[] Assign(int seed) => StratifiedSplitter.Assign(Source(perClass: [200, 200]).Train.Labels.Span, 2, new SplitRatios(0.2, 0, seed), drawTest: false);

        Assert.Equal(Assign(3), Assign(3));
        Assert.NotEqual(Assign(3), Assign(4));
    }

    [Fact]
    public void Keeps_an_explicit_test_split_and_the_source_order_of_every_split()
    {
        var source = Source(perClass: [50, 50]);
        var explicitTest = Images([1, 0, 1], firstPixel: 200);
        var withTest = source with { Test = explicitTest };

        var content = StratifiedSplitter.Split(withTest, new SplitRatios(0.2, 0.5, 1));

        Assert.Same(explicitTest, content.Test);
        Assert.Equal(80, content.Train.Count);
        Assert.Equal(20, content.Validation.Count);
        // Every image's first pixel is its source index, so each split must be increasing, and together complete.
        var trainIndices = Enumerable.Range(0, content.Train.Count).Select(i => (int)content.Train.Image(i)[0]).ToList();
        var validationIndices = Enumerable.Range(0, content.Validation.Count).Select(i => (int)content.Validation.Image(i)[0]).ToList();
        Assert.Equal(trainIndices.Order(), trainIndices);
        Assert.Equal(validationIndices.Order(), validationIndices);
        Assert.Equal(Enumerable.Range(0, 100), trainIndices.Concat(validationIndices).Order());
    }

    [Theory]
    [InlineData(-0.1, 0.1)]
    [InlineData(0.6, 0.5)]
    [InlineData(double.NaN, 0)]
    [InlineData(1, 0)]
    public void Refuses_fractions_that_leave_no_training_data(double validation, double test)
    {
        var error = Assert.Throws<DatasetImportException>(() => StratifiedSplitter.Split(Source(perClass: [10]), new SplitRatios(validation, test, 0)));
        Assert.Equal(ImportFailure.InvalidInput, error.Failure);
    }

    private static SourceDataset Source(int[] perClass)
    {
        var labels = perClass.SelectMany((count, label) => Enumerable.Repeat((byte)label, count)).ToArray();
        // Interleave the classes so stratification has to look at labels, not positions.
        labels = [.. labels.Select((label, i) => (label, key: (i * 7919) % labels.Length)).OrderBy(pair => pair.key).Select(pair => pair.label)];
        return new SourceDataset(Tiny, [.. perClass.Select((_, i) => $"c{i}")], Images(labels, firstPixel: 0), null, "test");
    }

    private static LabelledImages Images(byte[] labels, byte firstPixel)
    {
        var pixels = new byte[labels.Length * Tiny.PixelCount];
        for (int i = 0; i < labels.Length; i++)
        {
            pixels[i * 2] = (byte)(firstPixel + i);
            pixels[(i * 2) + 1] = labels[i];
        }

        return new LabelledImages(Tiny, pixels, labels, labels.Length);
    }
}
