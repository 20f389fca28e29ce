using Mlops.Imaging;
using Mlops.TestSupport;

namespace Mlops.Ingestion.Tests;

internal static class TestData
{
    public static string SampleFolder => RepositoryLayout.FashionMnistSampleFolder;

    public static string Sample(string file) => Path.Combine(SampleFolder, file);

    public static string FullDataset(string file) => Path.Combine(FashionMnist.SystemDirectory, file);

    public static bool FullDatasetInstalled =>
        File.Exists(FullDataset(FashionMnist.TrainImagesFile)) && File.Exists(FullDataset(FashionMnist.TestLabelsFile));

    public const string FullDatasetMissing =
        "Full Fashion-MNIST is not installed at /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist; CI installs it).";

    /// <summary>Writes each image as a PNG in <c>folder/class/NNNN.png</c>; returns the folder.</summary>
    public static string WriteClassFolder(string folder, IdxImages images, byte[] labels, IReadOnlyList<string> classNames, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var classFolder = Directory.CreateDirectory(Path.Combine(folder, classNames[labels[i]])).FullName;
            File.WriteAllBytes(Path.Combine(classFolder, $"{i:D4}.png"), ImageEncoder.EncodePng(images.GetImage(i), images.Height, images.Width));
        }

        return folder;
    }
}
