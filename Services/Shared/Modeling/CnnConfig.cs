using System.Globalization;

namespace Mlops.Modeling;

/// <summary>
/// Shape of the convolutional network: one conv block (conv, optional batch norm, ReLU, 2x2 max-pool,
/// optional residual unit) per entry of <see cref="ConvChannels"/>, then a hidden fully connected layer
/// with dropout and the class layer. docs/benchmarks/training.md records what each config reaches.
/// </summary>
public sealed record CnnConfig
{
    public static CnnConfig Default { get; } = new();

    public IReadOnlyList<int> ConvChannels { get; init; } = [32, 64];

    /// <summary>Odd, so "same" padding of KernelSize/2 keeps the spatial size before each pooling.</summary>
    public int KernelSize { get; init; } = 3;

    public int HiddenUnits { get; init; } = 128;

    public double Dropout { get; init; } = 0.25;

    /// <summary>Batch normalisation after every convolution (folded into the Conv at ONNX export).</summary>
    public bool BatchNorm { get; init; }

    /// <summary>
    /// After each block's pooling, a residual unit (ResNet's basic block, <see cref="ResidualUnit"/>) at the
    /// pooled size, as in the small ResNets of the DAWNBench CIFAR entries. Needs <see cref="BatchNorm"/>.
    /// </summary>
    public bool Residual { get; init; }

    public int InputChannels { get; init; } = 1;

    public int InputHeight { get; init; } = 28;

    public int InputWidth { get; init; } = 28;

    public int ClassCount { get; init; } = 10;

    public int PixelsPerImage => InputChannels * InputHeight * InputWidth;

    internal int FlattenedFeatures =>
        ConvChannels[^1] * (InputHeight >> ConvChannels.Count) * (InputWidth >> ConvChannels.Count);

    public bool Equals(CnnConfig? other) =>
        other is not null && ConvChannels.SequenceEqual(other.ConvChannels) && KernelSize == other.KernelSize &&
        HiddenUnits == other.HiddenUnits && Dropout == other.Dropout && BatchNorm == other.BatchNorm &&
        Residual == other.Residual && InputChannels == other.InputChannels &&
        InputHeight == other.InputHeight && InputWidth == other.InputWidth && ClassCount == other.ClassCount;

    public override int GetHashCode() => HashCode.Combine(string.Join(',', ConvChannels), KernelSize, HiddenUnits,
        Dropout, HashCode.Combine(BatchNorm, Residual), InputChannels, InputHeight * 10_000 + InputWidth, ClassCount);

    /// <summary>A one-line description, e.g. "conv[32,64] k3 bn fc128 dropout0.25 input1x28x28 classes10".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"conv[{string.Join(',', ConvChannels)}] k{KernelSize}{(BatchNorm ? " bn" : "")}{(Residual ? " residual" : "")} " +
        $"fc{HiddenUnits} dropout{Dropout} " +
        $"input{InputChannels}x{InputHeight}x{InputWidth} classes{ClassCount}");

    public void Validate()
    {
        if (ConvChannels.Count == 0 || ConvChannels.Any(c => c <= 0))
        {
            throw new ArgumentException("ConvChannels needs at least one positive channel count.");
        }

        if (KernelSize <= 0 || KernelSize % 2 == 0)
        {
            throw new ArgumentException($"KernelSize must be a positive odd number, got {KernelSize}.");
        }

        if (HiddenUnits <= 0)
        {
            throw new ArgumentException($"HiddenUnits must be positive, got {HiddenUnits}.");
        }

        if (Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Dropout must be in [0, 1), got {Dropout}.");
        }

        if (Residual && !BatchNorm)
        {
            throw new ArgumentException("Residual units need BatchNorm.");
        }

        if (InputChannels <= 0 || ClassCount < 2)
        {
            throw new ArgumentException("InputChannels must be positive and ClassCount at least 2.");
        }

        if ((InputHeight >> ConvChannels.Count) == 0 || (InputWidth >> ConvChannels.Count) == 0)
        {
            throw new ArgumentException(
                $"{ConvChannels.Count} poolings leave nothing of a {InputHeight}x{InputWidth} input.");
        }
    }
}
