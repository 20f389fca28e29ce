namespace Mlops.TestSupport;

/// <summary>Grey images with their labels: <see cref="Count"/> images of <see cref="Height"/> x <see cref="Width"/> bytes, one after the other.</summary>
public sealed class LabeledImages
{
    /// <summary>Wraps the arrays without copying; <paramref name="pixels"/> holds labels.Length images.</summary>
    public LabeledImages(int height, int width, byte[] pixels, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if ((long)labels.Length * height * width != pixels.Length)
        {
            throw new ArgumentException($"{labels.Length} images of {height}x{width} need {labels.Length * height * width} pixel bytes, not {pixels.Length}.");
        }

        Height = height;
        Width = width;
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Rows per image.</summary>
    public int Height { get; }

    /// <summary>Columns per image.</summary>
    public int Width { get; }

    /// <summary>Bytes per image (one grey channel).</summary>
    public int PixelsPerImage => Height * Width;

    /// <summary>All pixels, image after image, 0 black to 255 white.</summary>
    public byte[] Pixels { get; }

    /// <summary>One class index per image.</summary>
    public byte[] Labels { get; }

    /// <summary>The pixels of one image.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>The first <paramref name="count"/> images (all when there are fewer), copied.</summary>
    public LabeledImages Take(int count)
    {
        var n = Math.Min(count, Count);
        return new LabeledImages(Height, Width, Pixels.AsSpan(0, n * PixelsPerImage).ToArray(), Labels.AsSpan(0, n).ToArray());
    }
}
