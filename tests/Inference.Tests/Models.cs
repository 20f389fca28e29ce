using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

/// <summary>Two real ONNX classifiers of Fashion-MNIST (nearest class centroid, and a noisier copy) and the sample images.</summary>
public static class Models
{
    private static readonly Lazy<CentroidClassifierOnnx> Centroid = new(() => CentroidClassifierOnnx.Fit(FashionMnistSample.Train, FashionMnistSample.ClassNames));

    public static byte[] First { get; } = Centroid.Value.ToOnnx("fashion-v1");

    /// <summary>Weights with noise: a different model whose answers differ from <see cref="First"/> on some images.</summary>
    public static byte[] Second { get; } = Centroid.Value.WithNoise(0.05, seed: 7).ToOnnx("fashion-v2");

    public static LabeledImages Test => FashionMnistSample.Test;
}
