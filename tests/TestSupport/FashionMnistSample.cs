using Mlops.Imaging;

namespace Mlops.TestSupport;

/// <summary>
/// Fashion-MNIST for tests: the sample shipped in samples/fashion-mnist (3,000 train and 1,000 test images, class-balanced),
/// and the full set where Debian's dataset-fashion-mnist is installed. Read with the Imaging library's IDX reader.
/// </summary>
public static class FashionMnistSample
{
    private static readonly Lazy<LabeledImages> SampleTrain = new(() => Read(RepositoryLayout.FashionMnistSampleFolder, FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile));
    private static readonly Lazy<LabeledImages> SampleTest = new(() => Read(RepositoryLayout.FashionMnistSampleFolder, FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile));
    private static readonly Lazy<LabeledImages> FullTestSet = new(() => Read(FashionMnist.SystemDirectory, FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile));

    /// <summary>The ten class names in label order.</summary>
    public static IReadOnlyList<string> ClassNames => FashionMnist.ClassNames;

    /// <summary>The sample's 3,000 training images.</summary>
    public static LabeledImages Train => SampleTrain.Value;

    /// <summary>The sample's 1,000 test images.</summary>
    public static LabeledImages Test => SampleTest.Value;

    /// <summary>Whether the full dataset is installed at <see cref="FashionMnist.SystemDirectory"/>.</summary>
    public static bool FullSetInstalled => File.Exists(Path.Combine(FashionMnist.SystemDirectory, FashionMnist.TestImagesFile));

    /// <summary>The full 10,000-image test set; check <see cref="FullSetInstalled"/> first.</summary>
    public static LabeledImages FullTest => FullTestSet.Value;

    /// <summary>Paths of the sample's IDX files, e.g. for an ImportDataset request: (train images, train labels, test images, test labels).</summary>
    public static (string TrainImages, string TrainLabels, string TestImages, string TestLabels) SampleFiles
    {
        get
        {
            var folder = RepositoryLayout.FashionMnistSampleFolder;
            return (Path.Combine(folder, FashionMnist.TrainImagesFile), Path.Combine(folder, FashionMnist.TrainLabelsFile),
                Path.Combine(folder, FashionMnist.TestImagesFile), Path.Combine(folder, FashionMnist.TestLabelsFile));
        }
    }

    private static LabeledImages Read(string folder, string imagesFile, string labelsFile)
    {
        var images = IdxReader.ReadImages(Path.Combine(folder, imagesFile));
        var labels = IdxReader.ReadLabels(Path.Combine(folder, labelsFile));
        return new LabeledImages(images.Height, images.Width, images.Pixels, labels);
    }
}
