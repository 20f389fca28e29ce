namespace Mlops.Imaging;

/// <summary>
/// A block of same-sized grey images as an IDX file holds them: <see cref="Count"/> images of
/// <see cref="Height"/> x <see cref="Width"/> bytes, one after the other, row-major.
/// </summary>
public sealed class IdxImages
{
    /// <summary>Wraps <paramref name="pixels"/> without copying; its length must be count * height * width.</summary>
    public IdxImages(int count, int height, int width, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if ((long)count * height * width != pixels.Length)
        {
            throw new ArgumentException(
                $"{count} images of {height}x{width} need {(long)count * height * width} bytes of pixels, but {pixels.Length} were given.",
                nameof(pixels));
        }

        Count = count;
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Rows per image.</summary>
    public int Height { get; }

    /// <summary>Columns per image.</summary>
    public int Width { get; }

    /// <summary>All pixels, image after image; 0 is black, 255 white.</summary>
    public byte[] Pixels { get; }

    /// <summary>The shape of one image (one grey channel).</summary>
    public ImageShape Shape => new(1, Height, Width);

    /// <summary>Bytes in one image.</summary>
    public int PixelsPerImage => Height * Width;

    /// <summary>The pixels of image <paramref name="index"/>, without copying.</summary>
    public ReadOnlySpan<byte> GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }
}
