namespace Mlops.Imaging.Tests;

/// <summary>A test that reads the full dataset; skipped where Debian's dataset-fashion-mnist is not installed.</summary>
public sealed class RequiresFashionMnistFactAttribute : FactAttribute
{
    public RequiresFashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(FashionMnist.SystemDirectory, FashionMnist.TrainImagesFile)))
        {
            Skip = $"Fashion-MNIST is not installed at {FashionMnist.SystemDirectory} (apt-get install dataset-fashion-mnist).";
        }
    }
}
