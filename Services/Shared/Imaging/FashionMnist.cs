namespace Mlops.Imaging;

/// <summary>Facts about the Fashion-MNIST dataset (Zalando Research, MIT licence).</summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The 60,000 training images.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte.gz";

    /// <summary>The 60,000 training labels.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte.gz";

    /// <summary>The 10,000 test images.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte.gz";

    /// <summary>The 10,000 test labels.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>The class names, indexed by label value.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>Every image is 1x28x28 grey, bright garment on a black background.</summary>
    public static ImageShape Shape => ImageShape.Default;
}
