namespace Mlops.Modeling;

/// <summary>
/// The one preprocessing step the network expects: uint8 grey level to float in [0, 1].
/// The ONNX export records it in its metadata so that serving applies exactly the same.
/// </summary>
public static class PixelScaling
{
    public const string Description = "float32 = uint8 / 255, layout NCHW";

    public static void ToUnitRange(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (destination.Length < pixels.Length)
        {
            throw new ArgumentException("Destination is shorter than the pixels.", nameof(destination));
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            destination[i] = pixels[i] / 255f;
        }
    }

    public static float[] ToUnitRange(ReadOnlySpan<byte> pixels)
    {
        var result = new float[pixels.Length];
        ToUnitRange(pixels, result);
        return result;
    }

    /// <summary>Images start..start+count of <paramref name="images"/>, scaled, in NCHW order.</summary>
    public static float[] ToUnitRange(LabeledImages images, int start, int count) =>
        ToUnitRange(images.Pixels.AsSpan(start * images.PixelsPerImage, count * images.PixelsPerImage));
}
