using System.Numerics;

namespace Mlops.Imaging;

/// <summary>
/// Converts between the stored form of pixels (bytes, 0 black to 255 white) and the model's input
/// form (float32 in [0, 1], <c>x / 255</c>), and checks float input that arrives from outside.
/// </summary>
public static class PixelNormalizer
{
    /// <summary>Writes <c>source[i] / 255f</c> into <paramref name="destination"/>; no allocation.</summary>
    public static void ToUnitRange(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"{source.Length} pixels need a destination of the same length, not {destination.Length}.", nameof(destination));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= Vector<byte>.Count)
        {
            var divisor = new Vector<float>(255f);
            int step = Vector<byte>.Count;
            int floatsPerVector = Vector<float>.Count;
            for (; i <= source.Length - step; i += step)
            {
                Vector.Widen(new Vector<byte>(source[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                Span<float> target = destination[i..];
                (Vector.ConvertToSingle(a) / divisor).CopyTo(target);
                (Vector.ConvertToSingle(b) / divisor).CopyTo(target[floatsPerVector..]);
                (Vector.ConvertToSingle(c) / divisor).CopyTo(target[(2 * floatsPerVector)..]);
                (Vector.ConvertToSingle(d) / divisor).CopyTo(target[(3 * floatsPerVector)..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i] / 255f;
        }
    }

    /// <summary>
    /// Turns model-form pixels back into bytes (<c>round(x * 255)</c>), for statistics and previews of
    /// float input. Values are validated first, as by <see cref="EnsureUnitRange"/>.
    /// </summary>
    public static void ToBytes(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"{source.Length} pixels need a destination of the same length, not {destination.Length}.", nameof(destination));
        }

        EnsureUnitRange(source);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (byte)MathF.Round(source[i] * 255f);
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidImageDataException"/> naming the first pixel that is NaN, infinite or
    /// outside [0, 1].
    /// </summary>
    public static void EnsureUnitRange(ReadOnlySpan<float> pixels)
    {
        if (AllInUnitRange(pixels))
        {
            return;
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            float value = pixels[i];
            if (!(value >= 0f && value <= 1f))
            {
                string what = float.IsNaN(value) ? "NaN" : float.IsInfinity(value) ? value.ToString() : $"{value:R}, outside [0, 1]";
                throw new InvalidImageDataException(
                    $"Pixel {i} of {pixels.Length} is {what}; pixels must be finite numbers in [0, 1] (byte value / 255).");
            }
        }
    }

    private static bool AllInUnitRange(ReadOnlySpan<float> pixels)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zero = Vector<float>.Zero;
            var one = Vector<float>.One;
            for (; i <= pixels.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(pixels[i..]);

                // NaN compares false both ways, so it fails here too.
                if (!Vector.GreaterThanOrEqualAll(v, zero) || !Vector.LessThanOrEqualAll(v, one))
                {
                    return false;
                }
            }
        }

        for (; i < pixels.Length; i++)
        {
            if (!(pixels[i] >= 0f && pixels[i] <= 1f))
            {
                return false;
            }
        }

        return true;
    }
}
