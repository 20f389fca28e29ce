namespace Mlops.Modeling;

/// <summary>
/// Images as uint8 pixels, row-major N x C x H x W, with one class index per image.
/// This is the form the IDX files and the dataset store hold, so training takes it without conversion.
/// </summary>
public sealed class LabeledImages
{
    public LabeledImages(byte[] pixels, int[] labels, int channels = 1, int height = 28, int width = 28)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (channels <= 0 || height <= 0 || width <= 0)
        {
            throw new ArgumentException("Image dimensions must be positive.");
        }

        if (pixels.Length != (long)labels.Length * channels * height * width)
        {
            throw new ArgumentException(
                $"{pixels.Length} pixels do not make {labels.Length} images of {channels}x{height}x{width}.");
        }

        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
    }

    public LabeledImages(byte[] pixels, byte[] labels, int channels = 1, int height = 28, int width = 28)
        : this(pixels, Array.ConvertAll(labels ?? throw new ArgumentNullException(nameof(labels)), l => (int)l),
            channels, height, width)
    {
    }

    public byte[] Pixels { get; }

    public int[] Labels { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int Count => Labels.Length;

    public int PixelsPerImage => Channels * Height * Width;

    public ReadOnlySpan<byte> ImagePixels(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>A copy of the images at <paramref name="indices"/>, in that order.</summary>
    public LabeledImages Select(IReadOnlyList<int> indices)
    {
        var pixels = new byte[indices.Count * PixelsPerImage];
        var labels = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            ImagePixels(indices[i]).CopyTo(pixels.AsSpan(i * PixelsPerImage));
            labels[i] = Labels[indices[i]];
        }
        return new LabeledImages(pixels, labels, Channels, Height, Width);
    }

    public LabeledImages Take(int count) => Select(Enumerable.Range(0, Math.Min(count, Count)).ToArray());

    /// <summary>
    /// Splits off a random <paramref name="fraction"/> (e.g. a validation set); the same seed always gives the same split.
    /// </summary>
    public (LabeledImages Kept, LabeledImages HeldOut) Split(double fraction, int seed)
    {
        if (fraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Must be between 0 and 1.");
        }

        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var splitCount = (int)Math.Round(Count * fraction);
        return (Select(order[splitCount..]), Select(order[..splitCount]));
    }

    public void EnsureShape(CnnConfig config)
    {
        if (Channels != config.InputChannels || Height != config.InputHeight || Width != config.InputWidth)
        {
            throw new ArgumentException(
                $"Images are {Channels}x{Height}x{Width} but the network expects " +
                $"{config.InputChannels}x{config.InputHeight}x{config.InputWidth}.");
        }

        var bad = Array.FindIndex(Labels, l => l < 0 || l >= config.ClassCount);
        if (bad >= 0)
        {
            throw new ArgumentException($"Label {Labels[bad]} of image {bad} is outside 0..{config.ClassCount - 1}.");
        }
    }
}
