using System.Buffers;

namespace Mlops.Imaging;

/// <summary>
/// Resizes one 8-bit plane with a triangle (tent) filter whose support widens with the shrink
/// factor: plain bilinear when enlarging, an area-weighted average when shrinking, so large photos
/// do not alias. Separable, horizontal pass first, in float, rounded once at the end. This is what
/// Pillow's BILINEAR and torchvision's <c>antialias=True</c> do.
/// </summary>
internal static class TriangleResampler
{
    public static void Resize(
        ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight,
        Span<byte> destination, int destinationStride, int width, int height)
    {
        var columns = Contributions.Create(sourceWidth, width);
        var rows = Contributions.Create(sourceHeight, height);
        float[] rented = ArrayPool<float>.Shared.Rent(sourceHeight * width);
        try
        {
            Span<float> narrowed = rented.AsSpan(0, sourceHeight * width);
            for (int y = 0; y < sourceHeight; y++)
            {
                ReadOnlySpan<byte> row = source.Slice(y * sourceWidth, sourceWidth);
                Span<float> outRow = narrowed.Slice(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    ReadOnlySpan<float> w = columns.Weights(x, out int start);
                    float sum = 0;
                    for (int k = 0; k < w.Length; k++)
                    {
                        sum += w[k] * row[start + k];
                    }

                    outRow[x] = sum;
                }
            }

            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<float> w = rows.Weights(y, out int start);
                Span<byte> outRow = destination.Slice(y * destinationStride, width);
                for (int x = 0; x < width; x++)
                {
                    float sum = 0;
                    for (int k = 0; k < w.Length; k++)
                    {
                        sum += w[k] * narrowed[((start + k) * width) + x];
                    }

                    outRow[x] = (byte)Math.Clamp((int)(sum + 0.5f), 0, 255);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
            columns.Dispose();
            rows.Dispose();
        }
    }

    /// <summary>For each output index, the first input index and the normalised filter weights.</summary>
    private readonly struct Contributions : IDisposable
    {
        private readonly float[] _weights;
        private readonly int[] _starts;
        private readonly int[] _counts;
        private readonly int _stride;

        private Contributions(float[] weights, int[] starts, int[] counts, int stride)
        {
            _weights = weights;
            _starts = starts;
            _counts = counts;
            _stride = stride;
        }

        public static Contributions Create(int inputSize, int outputSize)
        {
            double scale = (double)inputSize / outputSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = filterScale; // the triangle reaches 1 input pixel, widened when shrinking
            int stride = (int)Math.Ceiling(support) * 2 + 1;
            var weights = ArrayPool<float>.Shared.Rent(outputSize * stride);
            var starts = ArrayPool<int>.Shared.Rent(outputSize);
            var counts = ArrayPool<int>.Shared.Rent(outputSize);
            for (int i = 0; i < outputSize; i++)
            {
                double center = (i + 0.5) * scale;
                int first = Math.Max(0, (int)(center - support + 0.5));
                int last = Math.Min(inputSize, (int)(center + support + 0.5));
                int count = Math.Min(last - first, stride);
                Span<float> w = weights.AsSpan(i * stride, count);
                double total = 0;
                for (int k = 0; k < count; k++)
                {
                    double distance = Math.Abs((first + k + 0.5 - center) / filterScale);
                    double weight = Math.Max(0, 1 - distance);
                    w[k] = (float)weight;
                    total += weight;
                }

                for (int k = 0; k < count; k++)
                {
                    w[k] = (float)(w[k] / total);
                }

                starts[i] = first;
                counts[i] = count;
            }

            return new Contributions(weights, starts, counts, stride);
        }

        public ReadOnlySpan<float> Weights(int index, out int start)
        {
            start = _starts[index];
            return _weights.AsSpan(index * _stride, _counts[index]);
        }

        public void Dispose()
        {
            ArrayPool<float>.Shared.Return(_weights);
            ArrayPool<int>.Shared.Return(_starts);
            ArrayPool<int>.Shared.Return(_counts);
        }
    }
}
