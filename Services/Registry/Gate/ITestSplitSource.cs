namespace Mlops.Registry.Gate;

/// <summary>The held-out test split of a dataset version, as the gate reads it.</summary>
public interface ITestSplitSource
{
    /// <summary>The split's image shape and class names; a <see cref="RegistryException"/> (NotFound, FailedPrecondition, Unavailable) when it cannot be read.</summary>
    Task<TestSplitDescription> DescribeAsync(string datasetVersionId, CancellationToken cancellationToken);

    /// <summary>The split's images in stored order, at most <paramref name="maxSamples"/> (0: all of them).</summary>
    IAsyncEnumerable<LabeledBatch> ReadAsync(string datasetVersionId, int batchSize, int maxSamples, CancellationToken cancellationToken);
}

/// <summary>Images of the test split are Channels x Height x Width bytes each; labels index <see cref="ClassNames"/>.</summary>
public sealed record TestSplitDescription(int Channels, int Height, int Width, IReadOnlyList<string> ClassNames, long Count)
{
    public int PixelsPerImage => Channels * Height * Width;
}

/// <summary>Labels.Length images, uint8 pixels channels first, one after the other.</summary>
public sealed record LabeledBatch(byte[] Pixels, byte[] Labels)
{
    public int Count => Labels.Length;
}
