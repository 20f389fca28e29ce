namespace Mlops.Frontend.Platform;

/// <summary>A 28×28 grey image drawn with a round brush; white strokes on black, as Fashion-MNIST images are.</summary>
public sealed class DrawingPad
{
    public const int Size = 28;
    private readonly byte[] pixels = new byte[Size * Size];

    public byte this[int row, int column] => pixels[(row * Size) + column];

    public bool IsBlank => pixels.All(value => value == 0);

    /// <summary>Paints a full-intensity centre and a softer ring around it, so strokes look like the anti-aliased training images.</summary>
    public void Paint(int row, int column)
    {
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                var (y, x) = (row + dy, column + dx);
                if (y is < 0 or >= Size || x is < 0 or >= Size)
                {
                    continue;
                }

                var value = dx == 0 && dy == 0 ? (byte)255 : (byte)160;
                pixels[(y * Size) + x] = Math.Max(pixels[(y * Size) + x], value);
            }
        }
    }

    public void Clear() => Array.Clear(pixels);

    public byte[] ToArray() => (byte[])pixels.Clone();
}
