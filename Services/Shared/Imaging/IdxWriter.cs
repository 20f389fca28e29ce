using System.Buffers.Binary;
using System.IO.Compression;

namespace Mlops.Imaging;

/// <summary>
/// Writes IDX image and label files that <see cref="IdxReader"/> (and every MNIST loader) reads,
/// optionally gzipped; used to export a dataset version.
/// </summary>
public static class IdxWriter
{
    /// <summary>Writes <paramref name="images"/> to <paramref name="destination"/>, which is left open.</summary>
    public static void WriteImages(Stream destination, IdxImages images, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        Span<byte> header = stackalloc byte[IdxFormat.ImagesHeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxFormat.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], images.Count);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], images.Height);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], images.Width);
        Write(destination, header, images.Pixels, gzip);
    }

    /// <summary>Writes <paramref name="labels"/> to <paramref name="destination"/>, which is left open.</summary>
    public static void WriteLabels(Stream destination, ReadOnlySpan<byte> labels, bool gzip = false)
    {
        Span<byte> header = stackalloc byte[IdxFormat.LabelsHeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxFormat.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], labels.Length);
        Write(destination, header, labels, gzip);
    }

    /// <summary>
    /// Writes an image file at <paramref name="path"/>, gzipped when the name ends in ".gz". The file
    /// appears whole or not at all: it is written beside the target and then renamed over it.
    /// </summary>
    public static void WriteImages(string path, IdxImages images) =>
        WriteFile(path, stream => WriteImages(stream, images, IsGzipPath(path)));

    /// <summary>Writes a label file at <paramref name="path"/>, gzipped when the name ends in ".gz", atomically.</summary>
    public static void WriteLabels(string path, byte[] labels) =>
        WriteFile(path, stream => WriteLabels(stream, labels, IsGzipPath(path)));

    private static bool IsGzipPath(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    private static void Write(Stream destination, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!gzip)
        {
            destination.Write(header);
            destination.Write(body);
            return;
        }

        using var compressed = new GZipStream(destination, CompressionLevel.SmallestSize, leaveOpen: true);
        compressed.Write(header);
        compressed.Write(body);
    }

    private static void WriteFile(string path, Action<Stream> write)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
