using System.Buffers.Binary;

namespace Mlops.Imaging;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format): images (magic 0x00000803) and labels
/// (magic 0x00000801), gzipped or not; gzip is recognised by its 1f 8b magic, not by the file name.
/// Every inconsistency (wrong magic, a count that does not match the bytes present, bytes after
/// the stated data, corrupt gzip) throws <see cref="InvalidImageDataException"/>.
/// </summary>
public static class IdxReader
{
    private const string ImageFile = "IDX image file";
    private const string LabelFile = "IDX label file";

    /// <summary>Reads an image file from <paramref name="source"/>, which is left open.</summary>
    public static IdxImages ReadImages(Stream source)
    {
        using var idx = IdxSource.Open(source, ImageFile);
        Span<byte> header = stackalloc byte[IdxFormat.ImagesHeaderLength];
        ReadHeader(idx, header, IdxFormat.ImagesMagic);
        int count = ReadCount(header, idx);
        int height = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int width = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (height < 1 || width < 1)
        {
            throw new InvalidImageDataException($"{ImageFile} says its images are {height}x{width}; both sides must be at least 1.");
        }

        long expected = (long)count * height * width;
        if (expected > Array.MaxLength)
        {
            throw new InvalidImageDataException(
                $"{ImageFile} says {count} images of {height}x{width} ({expected} bytes), more than one dataset file can hold; split it.");
        }

        var (pixels, filled) = idx.ReadBody((int)expected);
        string stated = $"{ImageFile} says {count} images of {height}x{width}";
        CheckLength(idx, stated, "pixels", expected, filled);
        return new IdxImages(count, height, width, pixels);
    }

    /// <summary>Reads a label file from <paramref name="source"/>, which is left open.</summary>
    public static byte[] ReadLabels(Stream source)
    {
        using var idx = IdxSource.Open(source, LabelFile);
        Span<byte> header = stackalloc byte[IdxFormat.LabelsHeaderLength];
        ReadHeader(idx, header, IdxFormat.LabelsMagic);
        int count = ReadCount(header, idx);
        var (labels, filled) = idx.ReadBody(count);
        CheckLength(idx, $"{LabelFile} says {count} labels", "labels", count, filled);
        return labels;
    }

    /// <summary>Reads an image file; errors name the file.</summary>
    public static IdxImages ReadImages(string path) => ReadFile(path, ReadImages);

    /// <summary>Reads a label file; errors name the file.</summary>
    public static byte[] ReadLabels(string path) => ReadFile(path, ReadLabels);

    private static T ReadFile<T>(string path, Func<Stream, T> read)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            return read(stream);
        }
        catch (InvalidImageDataException e)
        {
            throw new InvalidImageDataException($"{path}: {e.Message}", e);
        }
    }

    private static void ReadHeader(IdxSource idx, Span<byte> header, int expectedMagic)
    {
        int got = idx.ReadUpTo(header);
        if (got >= 4)
        {
            int magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (magic != expectedMagic)
            {
                throw new InvalidImageDataException(
                    $"Not {IdxFormat.Describe(expectedMagic)}: it starts with 0x{magic:X8} ({IdxFormat.Describe(magic)}), expected 0x{expectedMagic:X8}.");
            }
        }

        if (got < header.Length)
        {
            throw new InvalidImageDataException(
                $"{idx.FileKind} ends after {got} bytes, inside its {header.Length}-byte header{idx.TruncationHint}.");
        }
    }

    private static int ReadCount(ReadOnlySpan<byte> header, IdxSource idx)
    {
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count < 0)
        {
            throw new InvalidImageDataException($"{idx.FileKind} says it holds {count} items; a count cannot be negative.");
        }

        return count;
    }

    private static void CheckLength(IdxSource idx, string stated, string what, long expected, int filled)
    {
        if (filled < expected)
        {
            throw new InvalidImageDataException(
                $"{stated} but holds {filled} bytes of {what}, not {expected}{idx.TruncationHint}.");
        }

        long trailing = idx.CountRemaining();
        if (trailing > 0)
        {
            throw new InvalidImageDataException(
                $"{stated} ({expected} bytes of {what}) but {trailing} more bytes follow them; the header's count or the file is wrong.");
        }
    }
}
