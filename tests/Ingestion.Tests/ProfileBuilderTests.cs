using Mlops.Imaging;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Profiles;
using Mlops.Ingestion.Splitting;

namespace Mlops.Ingestion.Tests;

public sealed class ProfileBuilderTests
{
    [Fact]
    public void Summarises_every_image_feature_of_every_split()
    {
        var images = IdxReader.ReadImages(TestData.Sample(FashionMnist.TrainImagesFile));
        var labels = IdxReader.ReadLabels(TestData.Sample(FashionMnist.TrainLabelsFile));
        var source = new SourceDataset(images.Shape, FashionMnist.ClassNames, new LabelledImages(images.Shape, images.Pixels, labels, images.Count), null, "sample");
        var content = StratifiedSplitter.Split(source, new SplitRatios(0.1, 0.2, 5));

        var profile = ProfileBuilder.Build(content, new ProfileOptions(HistogramBins: 20, ReservoirCapacity: 500));

        var train = profile.Single(split => split.Split == DatasetSplit.Train);
        Assert.Equal(content.Train.Count, train.ClassCounts.Sum());
        Assert.Equal(ImageFeatures.Names, train.Features.Select(feature => feature.Name));
        var direct = Enumerable.Range(0, content.Train.Count).Select(i => ImageStatistics.Compute(content.Train.Image(i), 28, 28).MeanIntensity).ToArray();
        var mean = train.Features[0];
        Assert.Equal(direct.Average(), mean.Summary.Mean, 12);
        Assert.Equal(direct.Min(), mean.Quantiles[0]);
        Assert.Equal(direct.Max(), mean.Quantiles[^1]);
        Assert.Equal(101, mean.Quantiles.Count);
        Assert.Equal(500, mean.Summary.Reservoir.Length);
        Assert.Equal(content.Train.Count, mean.Summary.Histogram.Counts.Sum());
        Assert.All(mean.Summary.Reservoir, value => Assert.Contains(value, direct));
        Assert.Equal(3, profile.Count);
        Assert.All(profile, split => Assert.Equal(ImageFeatures.Count, split.Features.Count));
    }

    [Fact]
    public void Colour_images_are_profiled_on_the_mean_of_their_channels()
    {
        var shape = new ImageShape(3, 2, 2);
        byte[] pixels = [0, 30, 60, 90, 30, 60, 90, 120, 60, 90, 120, 150];
        var images = new LabelledImages(shape, pixels, [0], 1);

        var features = ProfileBuilder.ComputeFeatures(images);

        var expected = ImageStatistics.Compute([30, 60, 90, 120], 2, 2);
        Assert.Equal(expected.ToArray(), features);
    }
}
