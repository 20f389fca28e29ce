namespace Mlops.Imaging.Tests;

/// <summary>Builds IDX bytes in tests through the library's writer, and hand-made broken ones.</summary>
internal static class IdxFiles
{
    public static byte[] Images(IdxImages images, bool gzip = false)
    {
        using var stream = new MemoryStream();
        IdxWriter.WriteImages(stream, images, gzip);
        return stream.ToArray();
    }

    public static byte[] Labels(byte[] labels, bool gzip = false)
    {
        using var stream = new MemoryStream();
        IdxWriter.WriteLabels(stream, labels, gzip);
        return stream.ToArray();
    }

    public static byte[] Gzip(byte[] plain)
    {
        using var stream = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return stream.ToArray();
    }

    /// <summary>An image-file header stating <paramref name="count"/> images, followed by <paramref name="pixelBytes"/> bytes.</summary>
    public static byte[] ImagesWithBody(int count, int height, int width, int pixelBytes)
    {
        var bytes = new byte[16 + pixelBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000803);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        return bytes;
    }

    public static IdxImages RandomImages(int count, int height, int width, int seed) =>
        new(count, height, width, TestImages.Random(count * height * width, seed));
}
