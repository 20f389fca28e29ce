using SkiaSharp;

namespace Mlops.Imaging.Tests;

/// <summary>Builds small images for tests: grey pixel arrays and encoded PNG/JPEG files made with SkiaSharp.</summary>
internal static class TestImages
{
    public static byte[] Filled(int height, int width, byte value) => Enumerable.Repeat(value, height * width).ToArray();

    /// <summary>Left half black, right half white: one full-height vertical edge.</summary>
    public static byte[] RightHalfWhite(int height, int width) =>
        Enumerable.Range(0, height * width).Select(i => (byte)(i % width >= width / 2 ? 255 : 0)).ToArray();

    /// <summary>Top half white, bottom half black: one full-width horizontal edge.</summary>
    public static byte[] TopHalfWhite(int height, int width) =>
        Enumerable.Range(0, height * width).Select(i => (byte)(i / width < height / 2 ? 255 : 0)).ToArray();

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Encode(int width, int height, SKColor color, SKEncodedImageFormat format, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(color);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>Pixel-level checkerboard of black and white, the worst case for aliasing when shrinking.</summary>
    public static byte[] CheckerboardPng(int size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                bitmap.SetPixel(x, y, (x + y) % 2 == 0 ? SKColors.White : SKColors.Black);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
