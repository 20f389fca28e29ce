using System.Buffers.Binary;
using System.IO.Compression;

namespace Mlops.Modeling.Tests;

/// <summary>
/// A minimal reader for the real Fashion-MNIST IDX files that Debian's dataset-fashion-mnist installs.
/// Kept inside the tests on purpose: the library under test takes plain arrays, not files.
/// </summary>
public static class FashionMnist
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public static readonly IReadOnlyList<string> ClassNames =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    private static readonly Lazy<LabeledImages> TrainSet = new(() => Read("train"));
    private static readonly Lazy<LabeledImages> TestSet = new(() => Read("t10k"));

    public static LabeledImages Train => TrainSet.Value;

    public static LabeledImages Test => TestSet.Value;

    private static LabeledImages Read(string prefix)
    {
        var images = ReadIdx(Path.Combine(Directory, $"{prefix}-images-idx3-ubyte.gz"), 0x00000803);
        var labels = ReadIdx(Path.Combine(Directory, $"{prefix}-labels-idx1-ubyte.gz"), 0x00000801);
        return new LabeledImages(images, labels);
    }

    private static byte[] ReadIdx(string path, int expectedMagic)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var bytes = memory.ToArray();
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException($"{path}: magic {magic:x8}, expected {expectedMagic:x8}.");
        }

        var headerLength = 4 + 4 * (magic & 0xff);
        return bytes[headerLength..];
    }
}
