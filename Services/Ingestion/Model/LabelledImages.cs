using Mlops.Imaging;

namespace Mlops.Ingestion.Model;

/// <summary>
/// <see cref="Count"/> images of one shape with one label byte each. The arrays may be longer than the
/// data (a split compacted in place); only the first Count images and labels belong to it.
/// </summary>
public sealed class LabelledImages
{
    private readonly byte[] pixels;
    private readonly byte[] labels;

    public LabelledImages(ImageShape shape, byte[] pixels, byte[] labels, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)count * shape.PixelCount > pixels.Length || count > labels.Length)
        {
            throw new ArgumentException($"{count} images of {shape} do not fit the {pixels.Length} pixel and {labels.Length} label bytes given.");
        }

        Shape = shape;
        this.pixels = pixels;
        this.labels = labels;
        Count = count;
    }

    public static LabelledImages Empty(ImageShape shape) => new(shape, [], [], 0);

    public ImageShape Shape { get; }

    public int Count { get; }

    public ReadOnlyMemory<byte> Pixels => pixels.AsMemory(0, Count * Shape.PixelCount);

    public ReadOnlyMemory<byte> Labels => labels.AsMemory(0, Count);

    public ReadOnlySpan<byte> Image(int index) => pixels.AsSpan(index * Shape.PixelCount, Shape.PixelCount);

    /// <summary>Images per label, for <paramref name="classCount"/> classes.</summary>
    public long[] CountPerClass(int classCount)
    {
        var counts = new long[classCount];
        foreach (var label in Labels.Span)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>The images whose <paramref name="assignment"/> entry equals <paramref name="value"/>, copied into new arrays in order.</summary>
    public LabelledImages Copy(ReadOnlySpan<byte> assignment, byte value)
    {
        int size = Shape.PixelCount;
        int count = assignment[..Count].Count(value);
        var selectedPixels = GC.AllocateUninitializedArray<byte>(count * size);
        var selectedLabels = new byte[count];
        int next = 0;
        for (int i = 0; i < Count; i++)
        {
            if (assignment[i] == value)
            {
                Image(i).CopyTo(selectedPixels.AsSpan(next * size, size));
                selectedLabels[next++] = labels[i];
            }
        }

        return new LabelledImages(Shape, selectedPixels, selectedLabels, count);
    }

    /// <summary>
    /// Keeps the images whose <paramref name="assignment"/> entry equals <paramref name="value"/>, moved forward in
    /// order within the same arrays (no second copy of the pixels). This instance is spent afterwards.
    /// </summary>
    public LabelledImages CompactInPlace(ReadOnlySpan<byte> assignment, byte value)
    {
        int size = Shape.PixelCount;
        int next = 0;
        for (int i = 0; i < Count; i++)
        {
            if (assignment[i] != value)
            {
                continue;
            }

            if (next != i)
            {
                Image(i).CopyTo(pixels.AsSpan(next * size, size));
                labels[next] = labels[i];
            }

            next++;
        }

        return new LabelledImages(Shape, pixels, labels, next);
    }
}
