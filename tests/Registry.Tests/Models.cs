using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>The ONNX models the tests register: nearest-centroid classifiers fitted on the Fashion-MNIST sample, and worse copies.</summary>
internal static class Models
{
    private static readonly Lazy<CentroidClassifierOnnx> Fitted = new(() => CentroidClassifierOnnx.Fit(FashionMnistSample.Train, FashionMnistSample.ClassNames));

    public static CentroidClassifierOnnx Good => Fitted.Value;

    /// <summary>Noisy weights: clearly worse than <see cref="Good"/>, still better than chance.</summary>
    public static CentroidClassifierOnnx Worse => Fitted.Value.WithNoise(standardDeviation: 0.6, seed: 7);

    public static readonly Lazy<byte[]> GoodOnnx = new(() => Good.ToOnnx());

    public static readonly Lazy<byte[]> WorseOnnx = new(() => Worse.ToOnnx("centroid-noisy"));
}
