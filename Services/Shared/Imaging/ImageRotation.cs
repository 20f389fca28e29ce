namespace Mlops.Imaging;

/// <summary>Rotates a grey plane about its centre with bilinear sampling; what comes in from outside is black.</summary>
internal static class ImageRotation
{
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int height, int width, double degrees)
    {
        double radians = degrees * Math.PI / 180;
        double cos = Math.Cos(radians), sin = Math.Sin(radians);
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // Inverse mapping: where in the source does this destination pixel come from?
                double sx = (cos * (x - cx)) + (sin * (y - cy)) + cx;
                double sy = (-sin * (x - cx)) + (cos * (y - cy)) + cy;
                destination[(y * width) + x] = Sample(source, height, width, sx, sy);
            }
        }
    }

    private static byte Sample(ReadOnlySpan<byte> source, int height, int width, double sx, double sy)
    {
        int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
        double fx = sx - x0, fy = sy - y0;
        double top = ((1 - fx) * At(source, height, width, x0, y0)) + (fx * At(source, height, width, x0 + 1, y0));
        double bottom = ((1 - fx) * At(source, height, width, x0, y0 + 1)) + (fx * At(source, height, width, x0 + 1, y0 + 1));
        return (byte)Math.Clamp((int)(((1 - fy) * top) + (fy * bottom) + 0.5), 0, 255);
    }

    private static int At(ReadOnlySpan<byte> source, int height, int width, int x, int y) =>
        (uint)x < (uint)width && (uint)y < (uint)height ? source[(y * width) + x] : 0;
}
