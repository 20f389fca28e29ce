namespace Mlops.Modeling.Feeds;

/// <summary>
/// Random horizontal flip and small random shift (zero fill), fused with the scaling to [0, 1]
/// so each pixel is touched once.
/// </summary>
internal sealed class ImageAugmenter(int channels, int height, int width, bool flip, int maxShift, long seed)
{
    private readonly Random random = new(unchecked((int)(seed * 31 + 7)));

    /// <summary>Makes the random draws of <paramref name="images"/> images without writing any, as a resumed run starts later.</summary>
    public void Skip(long images)
    {
        if (!flip && maxShift == 0)
        {
            return;
        }

        for (long i = 0; i < images; i++)
        {
            Draw();
        }
    }

    public void Write(ReadOnlySpan<byte> source, Span<float> destination)
    {
        var (mirrored, dx, dy) = Draw();
        if (!mirrored && dx == 0 && dy == 0)
        {
            PixelScaling.ToUnitRange(source, destination);
            return;
        }
        var plane = height * width;
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var sy = y - dy;
                var row = destination.Slice(c * plane + y * width, width);
                if (sy < 0 || sy >= height)
                {
                    row.Clear();
                    continue;
                }
                var sourceRow = source.Slice(c * plane + sy * width, width);
                for (var x = 0; x < width; x++)
                {
                    var sx = x - dx;
                    row[x] = sx < 0 || sx >= width
                        ? 0f
                        : sourceRow[mirrored ? width - 1 - sx : sx] / 255f;
                }
            }
        }
    }

    /// <summary>The one place the random numbers of an image are drawn, so that <see cref="Skip"/> draws exactly the same ones.</summary>
    private (bool Mirrored, int Dx, int Dy) Draw()
    {
        var mirrored = flip && random.Next(2) == 1;
        var dx = maxShift > 0 ? random.Next(-maxShift, maxShift + 1) : 0;
        var dy = maxShift > 0 ? random.Next(-maxShift, maxShift + 1) : 0;
        return (mirrored, dx, dy);
    }
}
