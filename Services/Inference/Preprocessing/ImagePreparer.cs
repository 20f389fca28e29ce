using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Mlops.Imaging;

namespace Mlops.Inference.Preprocessing;

/// <summary>
/// Turns an <see cref="ImageSource"/> into the model's input (float32 in [0, 1], CHW) and its byte form (for image
/// statistics and raw-pixel samples), validating shape, length and values. Writes into the caller's buffers; allocates nothing.
/// </summary>
public static class ImagePreparer
{
    public static void Prepare(in ImageSource source, ImageShape model, Span<float> input, Span<byte> pixels)
    {
        switch (source.Kind)
        {
            case ImageSourceKind.Encoded:
                if (source.Bytes.IsEmpty)
                {
                    throw new InvalidInputException("The image is empty: send a PNG or JPEG file's bytes, or raw pixels.");
                }

                ImageDecoder.Decode(source.Bytes.Span, model, pixels);
                PixelNormalizer.ToUnitRange(pixels, input);
                break;
            case ImageSourceKind.UInt8:
                CheckShape(source.Shape, model, source.Bytes.Length, "bytes");
                source.Bytes.Span.CopyTo(pixels);
                PixelNormalizer.ToUnitRange(pixels, input);
                break;
            case ImageSourceKind.Float32:
                CheckShape(source.Shape, model, source.Floats.Length, "floats");
                PixelNormalizer.ToBytes(source.Floats.Span, pixels);
                source.Floats.Span.CopyTo(input);
                break;
            case ImageSourceKind.Float32LittleEndianBytes:
                if (source.Bytes.Length % sizeof(float) != 0)
                {
                    throw new InvalidInputException($"{source.Bytes.Length} bytes are not a whole number of 4-byte float32 values.");
                }

                CheckShape(source.Shape, model, source.Bytes.Length / sizeof(float), "float32 values");
                ReadLittleEndian(source.Bytes.Span, input);
                PixelNormalizer.ToBytes(input, pixels);
                break;
            default:
                throw new InvalidInputException("The request holds no image.");
        }
    }

    private static void CheckShape(ImageShape? given, ImageShape model, int length, string unit)
    {
        if (given is { } shape && shape != model)
        {
            throw new InvalidInputException(
                $"The image is {shape} (channels x height x width) but the model takes {model}; resize it, or send a PNG/JPEG and let the service resize it.");
        }

        if (length != model.PixelCount)
        {
            throw new InvalidInputException(
                $"The image has {length} {unit}; a {model} image (channels x height x width) has {model.PixelCount}.");
        }
    }

    private static void ReadLittleEndian(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
            return;
        }

        for (var index = 0; index < destination.Length; index++)
        {
            destination[index] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(index * sizeof(float))..]);
        }
    }
}
