using System.Buffers;

namespace Mlops.Imaging;

/// <summary>Separable Gaussian blur of a grey plane; edges repeat the border pixel.</summary>
internal static class GaussianBlur
{
    private const int StackLimit = 4096;

    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int height, int width, double sigma)
    {
        int radius = (int)Math.Ceiling(3 * sigma);
        Span<float> kernel = stackalloc float[(2 * radius) + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++)
        {
            double w = Math.Exp(-(k * k) / (2 * sigma * sigma));
            kernel[k + radius] = (float)w;
            total += w;
        }

        for (int k = 0; k < kernel.Length; k++)
        {
            kernel[k] = (float)(kernel[k] / total);
        }

        int n = height * width;
        float[]? rented = n > StackLimit ? ArrayPool<float>.Shared.Rent(n) : null;
        Span<float> across = rented is null ? stackalloc float[n] : rented.AsSpan(0, n);
        try
        {
            for (int y = 0; y < height; y++)
            {
                BlurRow(source.Slice(y * width, width), across.Slice(y * width, width), kernel, radius);
            }

            float[]? rentedRow = width > StackLimit ? ArrayPool<float>.Shared.Rent(width) : null;
            Span<float> sums = rentedRow is null ? stackalloc float[width] : rentedRow.AsSpan(0, width);
            for (int y = 0; y < height; y++)
            {
                sums.Clear();
                for (int k = -radius; k <= radius; k++)
                {
                    float weight = kernel[k + radius];
                    ReadOnlySpan<float> row = across.Slice(Math.Clamp(y + k, 0, height - 1) * width, width);
                    for (int x = 0; x < sums.Length; x++)
                    {
                        sums[x] += weight * row[x];
                    }
                }

                Span<byte> outRow = destination.Slice(y * width, width);
                for (int x = 0; x < outRow.Length; x++)
                {
                    outRow[x] = (byte)Math.Min(255, (int)(sums[x] + 0.5f));
                }
            }

            if (rentedRow is not null)
            {
                ArrayPool<float>.Shared.Return(rentedRow);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private static void BlurRow(ReadOnlySpan<byte> row, Span<float> output, ReadOnlySpan<float> kernel, int radius)
    {
        int width = row.Length;
        for (int x = 0; x < width; x++)
        {
            float sum = 0;
            if (x >= radius && x + radius < width)
            {
                ReadOnlySpan<byte> window = row.Slice(x - radius, kernel.Length);
                for (int k = 0; k < kernel.Length; k++)
                {
                    sum += kernel[k] * window[k];
                }
            }
            else
            {
                for (int k = -radius; k <= radius; k++)
                {
                    sum += kernel[k + radius] * row[Math.Clamp(x + k, 0, width - 1)];
                }
            }

            output[x] = sum;
        }
    }
}
