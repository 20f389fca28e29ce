namespace Mlops.Imaging;

/// <summary>
/// Computes <see cref="ImageFeatures"/> of grey byte images in one pass, without heap allocation.
/// </summary>
public static class ImageStatistics
{
    /// <summary>A pixel is dark when its value is below this (the bottom eighth of the range).</summary>
    public const byte DarkBelow = 32;

    /// <summary>A pixel is bright (near saturation) when its value is at or above this (the top eighth).</summary>
    public const byte BrightFrom = 224;

    private static readonly double[] CountLogCount = [.. Enumerable.Range(0, 4097).Select(c => c == 0 ? 0 : c * Math.Log2(c))];

    /// <summary>Features of one grey image of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public static ImageFeatures Compute(ReadOnlySpan<byte> pixels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (pixels.Length != height * width)
        {
            throw new ArgumentException($"A {height}x{width} grey image has {height * width} pixels; {pixels.Length} were given.", nameof(pixels));
        }

        Span<int> histogram = stackalloc int[256];
        histogram.Clear();
        long sum = 0, sumOfSquares = 0, weightedX = 0, weightedY = 0;
        double gradient = 0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = pixels.Slice(y * width, width);
            ReadOnlySpan<byte> below = y + 1 < height ? pixels.Slice((y + 1) * width, width) : row;
            long rowSum = 0;
            for (int x = 0; x < width; x++)
            {
                int v = row[x];
                histogram[v]++;
                rowSum += v;
                sumOfSquares += v * v;
                weightedX += (long)x * v;
                int dx = x + 1 < width ? row[x + 1] - v : 0;
                int dy = below[x] - v;
                int squared = (dx * dx) + (dy * dy);
                if (squared != 0)
                {
                    gradient += MathF.Sqrt(squared);
                }
            }

            sum += rowSum;
            weightedY += y * rowSum;
        }

        double n = pixels.Length;
        double mean = sum / n;
        double variance = Math.Max(0, (sumOfSquares / n) - (mean * mean));
        int dark = 0, bright = 0;

        // H = log2(n) - sum(c log2 c) / n, with c log2 c from a table for the usual image sizes.
        double countLogCount = 0;
        int distinct = 0;
        for (int v = 0; v < 256; v++)
        {
            int count = histogram[v];
            if (count == 0)
            {
                continue;
            }

            if (v < DarkBelow)
            {
                dark += count;
            }
            else if (v >= BrightFrom)
            {
                bright += count;
            }

            distinct++;
            countLogCount += count < CountLogCount.Length ? CountLogCount[count] : count * Math.Log2(count);
        }

        double entropy = distinct == 1 ? 0 : Math.Log2(n) - (countLogCount / n);

        return new ImageFeatures(
            MeanIntensity: mean / 255,
            StdIntensity: Math.Sqrt(variance) / 255,
            DarkFraction: dark / n,
            BrightFraction: bright / n,
            EdgeEnergy: gradient / 255 / n,
            Entropy: entropy / 8,
            CentroidX: sum == 0 ? 0.5 : ((double)weightedX / sum + 0.5) / width,
            CentroidY: sum == 0 ? 0.5 : ((double)weightedY / sum + 0.5) / height);
    }

    /// <summary>Features of one grey image; <paramref name="shape"/> must have one channel.</summary>
    public static ImageFeatures Compute(ReadOnlySpan<byte> pixels, ImageShape shape)
    {
        if (shape.Channels != 1)
        {
            throw new ArgumentException($"Image statistics are defined for grey images; {shape} has {shape.Channels} channels.", nameof(shape));
        }

        return Compute(pixels, shape.Height, shape.Width);
    }

    /// <summary>
    /// Features of every image in <paramref name="images"/>, written row by row into
    /// <paramref name="destination"/> (<c>images.Count * ImageFeatures.Count</c> values, <see cref="ImageFeatures.Names"/> order).
    /// </summary>
    public static void ComputeAll(IdxImages images, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(images);
        long needed = (long)images.Count * ImageFeatures.Count;
        if (destination.Length != needed)
        {
            throw new ArgumentException($"{images.Count} images need {needed} feature values; the destination has {destination.Length}.", nameof(destination));
        }

        for (int i = 0; i < images.Count; i++)
        {
            Compute(images.GetImage(i), images.Height, images.Width)
                .CopyTo(destination.Slice(i * ImageFeatures.Count, ImageFeatures.Count));
        }
    }
}
