namespace Mlops.Imaging.Tests;

public class FashionMnistDataTests
{
    private static readonly string SampleDirectory = Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist");

    [RequiresFashionMnistFact]
    public void The_installed_training_set_has_60000_images_and_6000_of_each_class()
    {
        var images = IdxReader.ReadImages(Path.Combine(FashionMnist.SystemDirectory, FashionMnist.TrainImagesFile));
        var labels = IdxReader.ReadLabels(Path.Combine(FashionMnist.SystemDirectory, FashionMnist.TrainLabelsFile));

        Assert.Equal((60000, 28, 28), (images.Count, images.Height, images.Width));
        Assert.Equal(FashionMnist.Shape, images.Shape);
        Assert.Equal(Enumerable.Repeat(6000, 10), ClassCounts(labels));
    }

    [RequiresFashionMnistFact]
    public void The_installed_test_set_has_10000_images_and_1000_of_each_class()
    {
        var images = IdxReader.ReadImages(Path.Combine(FashionMnist.SystemDirectory, FashionMnist.TestImagesFile));
        var labels = IdxReader.ReadLabels(Path.Combine(FashionMnist.SystemDirectory, FashionMnist.TestLabelsFile));

        Assert.Equal(10000, images.Count);
        Assert.Equal(Enumerable.Repeat(1000, 10), ClassCounts(labels));
    }

    [Theory]
    [InlineData(FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile, 300)]
    [InlineData(FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile, 100)]
    public void The_shipped_sample_is_class_balanced(string imagesFile, string labelsFile, int perClass)
    {
        var images = IdxReader.ReadImages(Path.Combine(SampleDirectory, imagesFile));
        var labels = IdxReader.ReadLabels(Path.Combine(SampleDirectory, labelsFile));

        Assert.Equal(perClass * 10, images.Count);
        Assert.Equal(images.Count, labels.Length);
        Assert.Equal(FashionMnist.Shape, images.Shape);
        Assert.Equal(Enumerable.Repeat(perClass, 10), ClassCounts(labels));
    }

    [RequiresFashionMnistFact]
    public void The_shipped_sample_is_the_first_images_of_each_class_in_original_order()
    {
        foreach (var (imagesFile, labelsFile, perClass) in new[]
        {
            (FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile, 300),
            (FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile, 100),
        })
        {
            var full = IdxReader.ReadImages(Path.Combine(FashionMnist.SystemDirectory, imagesFile));
            var fullLabels = IdxReader.ReadLabels(Path.Combine(FashionMnist.SystemDirectory, labelsFile));
            var sample = IdxReader.ReadImages(Path.Combine(SampleDirectory, imagesFile));
            var sampleLabels = IdxReader.ReadLabels(Path.Combine(SampleDirectory, labelsFile));

            var taken = new int[10];
            var chosen = Enumerable.Range(0, fullLabels.Length).Where(i => taken[fullLabels[i]]++ < perClass).ToArray();

            Assert.Equal(chosen.Select(i => fullLabels[i]), sampleLabels);
            for (int j = 0; j < chosen.Length; j++)
            {
                Assert.True(full.GetImage(chosen[j]).SequenceEqual(sample.GetImage(j)), $"{imagesFile}: sample image {j} differs from original {chosen[j]}");
            }
        }
    }

    [Fact]
    public void Class_names_are_the_ten_in_label_order()
    {
        Assert.Equal(FashionMnist.ClassCount, FashionMnist.ClassNames.Count);
        Assert.Equal("T-shirt/top", FashionMnist.ClassNames[0]);
        Assert.Equal("Sneaker", FashionMnist.ClassNames[7]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[9]);
    }

    private static int[] ClassCounts(byte[] labels)
    {
        Assert.All(labels, label => Assert.InRange(label, 0, 9));
        var counts = new int[10];
        foreach (byte label in labels)
        {
            counts[label]++;
        }

        return counts;
    }
}
