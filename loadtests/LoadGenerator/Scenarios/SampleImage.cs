namespace Mlops.LoadGenerator.Scenarios;

/// <summary>
/// A deterministic 28x28 grey test image (a soft-edged bright blob, roughly the density of a
/// Fashion-MNIST item) as raw bytes, as floats in [0, 1], or as a PNG file.
/// </summary>
public static class SampleImage
{
    public const int Width = 28;
    public const int Height = 28;

    public static byte[] Pixels { get; } = Draw();

    public static float[] Floats { get; } = Pixels.Select(p => p / 255f).ToArray();

    public static byte[] Png { get; } = GreyPng.Encode(Pixels, Width, Height);

    private static byte[] Draw()
    {
        var pixels = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var dx = (x - 13.5) / 9.0;
                var dy = (y - 13.5) / 12.0;
                var inside = 1 - ((dx * dx) + (dy * dy));
                pixels[(y * Width) + x] = (byte)Math.Clamp(inside * 320, 0, 255);
            }
        }

        return pixels;
    }
}
