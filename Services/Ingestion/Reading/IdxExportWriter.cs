using System.Buffers.Binary;
using System.IO.Compression;
using Mlops.Ingestion.Model;

namespace Mlops.Ingestion.Reading;

/// <summary>
/// Writes one split as gzipped IDX files that <see cref="Imaging.IdxReader"/> and every MNIST loader read:
/// grey images as idx3 (count, height, width), colour images as idx4 (count, channels, height, width), and
/// the labels as idx1. Compressed at gzip's fastest level: export speed matters more than a few percent of size.
/// </summary>
public static class IdxExportWriter
{
    private const int Idx1Magic = 0x00000801;
    private const int Idx3Magic = 0x00000803;
    private const int Idx4Magic = 0x00000804;

    public static string ImagesFileName(DatasetSplit split, int channels) =>
        $"{DatasetSplits.NameOf(split)}-images-idx{(channels == 1 ? 3 : 4)}-ubyte.gz";

    public static string LabelsFileName(DatasetSplit split) => $"{DatasetSplits.NameOf(split)}-labels-idx1-ubyte.gz";

    public static void WriteImages(Stream destination, LabelledImages images)
    {
        var shape = images.Shape;
        Span<byte> header = stackalloc byte[20];
        int length;
        if (shape.Channels == 1)
        {
            BinaryPrimitives.WriteInt32BigEndian(header, Idx3Magic);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], images.Count);
            BinaryPrimitives.WriteInt32BigEndian(header[8..], shape.Height);
            BinaryPrimitives.WriteInt32BigEndian(header[12..], shape.Width);
            length = 16;
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(header, Idx4Magic);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], images.Count);
            BinaryPrimitives.WriteInt32BigEndian(header[8..], shape.Channels);
            BinaryPrimitives.WriteInt32BigEndian(header[12..], shape.Height);
            BinaryPrimitives.WriteInt32BigEndian(header[16..], shape.Width);
            length = 20;
        }

        Write(destination, header[..length], images.Pixels.Span);
    }

    public static void WriteLabels(Stream destination, LabelledImages images)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, Idx1Magic);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], images.Count);
        Write(destination, header, images.Labels.Span);
    }

    private static void Write(Stream destination, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(header);
        gzip.Write(body);
    }
}
