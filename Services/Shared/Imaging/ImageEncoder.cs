using SkiaSharp;

namespace Mlops.Imaging;

/// <summary>Encodes model-shaped pixels (CHW, 1 or 3 channels) as PNG, for tests, the CLI and reports.</summary>
public static class ImageEncoder
{
    /// <summary>Encodes grey (1 channel) or planar RGB (3 channels) pixels as a lossless PNG.</summary>
    public static byte[] EncodePng(ReadOnlySpan<byte> pixels, ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
        {
            throw new ArgumentException($"PNG export takes 1 (grey) or 3 (RGB) channels, not {shape.Channels}.", nameof(shape));
        }

        if (pixels.Length != shape.PixelCount)
        {
            throw new ArgumentException($"A {shape} image has {shape.PixelCount} bytes; {pixels.Length} were given.", nameof(pixels));
        }

        var colorType = shape.Channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888;
        using var bitmap = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, colorType, SKAlphaType.Opaque));
        Span<byte> target = bitmap.GetPixelSpan();
        if (shape.Channels == 1)
        {
            CopyRows(pixels, target, shape.Width, shape.Height, bitmap.RowBytes);
        }
        else
        {
            Interleave(pixels, target, shape, bitmap.RowBytes);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>Encodes one grey image of <paramref name="height"/> x <paramref name="width"/> as PNG.</summary>
    public static byte[] EncodePng(ReadOnlySpan<byte> grey, int height, int width) =>
        EncodePng(grey, new ImageShape(1, height, width));

    private static void CopyRows(ReadOnlySpan<byte> pixels, Span<byte> target, int width, int height, int rowBytes)
    {
        for (int y = 0; y < height; y++)
        {
            pixels.Slice(y * width, width).CopyTo(target[(y * rowBytes)..]);
        }
    }

    private static void Interleave(ReadOnlySpan<byte> planes, Span<byte> target, ImageShape shape, int rowBytes)
    {
        int planeSize = shape.Height * shape.Width;
        for (int y = 0; y < shape.Height; y++)
        {
            for (int x = 0; x < shape.Width; x++)
            {
                int source = (y * shape.Width) + x;
                int p = (y * rowBytes) + (x * 4);
                target[p] = planes[source];
                target[p + 1] = planes[planeSize + source];
                target[p + 2] = planes[(2 * planeSize) + source];
                target[p + 3] = 255;
            }
        }
    }
}
