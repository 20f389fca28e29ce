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
                ReadOnlySpan<byte> row = source.Slice(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    float sum = 0;
                    for (int k = -radius; k <= radius; k++)
                    {
                        sum += kernel[k + radius] * row[Math.Clamp(x + k, 0, width - 1)];
                    }

                    across[(y * width) + x] = sum;
                }
            }

            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    float sum = 0;
                    for (int k = -radius; k <= radius; k++)
                    {
                        sum += kernel[k + radius] * across[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                    }

                    destination[(y * width) + x] = (byte)Math.Clamp((int)(sum + 0.5f), 0, 255);
                }
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
}
