using Mlops.Imaging;

namespace Mlops.Inference.Preprocessing;

public enum ImageSourceKind
{
    Encoded,
    UInt8,
    Float32,
    Float32LittleEndianBytes,
}

/// <summary>
/// One image as a caller sent it: an encoded file (PNG, JPEG, ...), raw bytes 0-255, or raw floats in [0, 1] (as values or as
/// little-endian bytes). A raw image may state its shape; without one it is taken to have the model's shape.
/// </summary>
public readonly struct ImageSource
{
    private ImageSource(ImageSourceKind kind, ReadOnlyMemory<byte> bytes, ReadOnlyMemory<float> floats, ImageShape? shape)
    {
        Kind = kind;
        Bytes = bytes;
        Floats = floats;
        Shape = shape;
    }

    public ImageSourceKind Kind { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public ReadOnlyMemory<float> Floats { get; }

    public ImageShape? Shape { get; }

    public static ImageSource Encoded(ReadOnlyMemory<byte> file) => new(ImageSourceKind.Encoded, file, default, null);

    public static ImageSource UInt8(ReadOnlyMemory<byte> pixels, ImageShape? shape) => new(ImageSourceKind.UInt8, pixels, default, shape);

    public static ImageSource Float32(ReadOnlyMemory<float> pixels, ImageShape? shape) => new(ImageSourceKind.Float32, default, pixels, shape);

    public static ImageSource Float32Bytes(ReadOnlyMemory<byte> littleEndian, ImageShape? shape) =>
        new(ImageSourceKind.Float32LittleEndianBytes, littleEndian, default, shape);
}
