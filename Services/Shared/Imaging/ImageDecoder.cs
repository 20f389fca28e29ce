using System.Buffers;
using SkiaSharp;

namespace Mlops.Imaging;

/// <summary>
/// Turns encoded image bytes (PNG, JPEG, and whatever else Skia decodes: WebP, GIF, BMP) of any size
/// and colour into the model's input shape. Ingestion, training, inference and drift all call this,
/// so an image is preprocessed the same way wherever it is seen.
/// </summary>
/// <remarks>
/// The rule, in order:
/// <list type="number">
/// <item>Decode at full resolution as 8-bit RGBA, without colour-space conversion (values as stored,
/// sRGB assumed); EXIF orientation is not applied.</item>
/// <item>Composite transparency onto black (the Fashion-MNIST background): each channel times alpha.</item>
/// <item>For a 1-channel target, convert to grey with BT.601 luma,
/// <c>Y = (299 R + 587 G + 114 B + 500) / 1000</c> in integers; for a 3-channel target keep R, G, B as
/// separate planes (CHW).</item>
/// <item>Letterbox: scale the image to fit the target keeping its aspect ratio, centre it, and fill
/// the bars with black (0). The fitted size is rounded to whole pixels, at least 1.</item>
/// <item>Resize with a triangle filter that widens when shrinking (bilinear up, area-weighted down,
/// as Pillow's BILINEAR or torchvision with <c>antialias=True</c>), rounding to the nearest byte.</item>
/// </list>
/// No inversion is done: a dark garment photographed on white stays dark on white.
/// </remarks>
public static class ImageDecoder
{
    /// <summary>Images with more pixels than this (about a 40-megapixel photo) are refused, to bound memory.</summary>
    public const long MaxSourcePixels = 40_000_000;

    /// <summary>Decodes into a new array of <c>target.PixelCount</c> bytes.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> encoded, ImageShape target)
    {
        var pixels = new byte[target.PixelCount];
        Decode(encoded, target, pixels);
        return pixels;
    }

    /// <summary>
    /// Decodes <paramref name="encoded"/> into <paramref name="destination"/> (length
    /// <c>target.PixelCount</c>, CHW). Throws <see cref="InvalidImageDataException"/> for bytes that are
    /// not a complete image of a supported format.
    /// </summary>
    public static unsafe void Decode(ReadOnlySpan<byte> encoded, ImageShape target, Span<byte> destination)
    {
        if (target.Channels is not (1 or 3))
        {
            throw new ArgumentException($"Images decode to 1 (grey) or 3 (RGB) channels, not {target.Channels}.", nameof(target));
        }

        if (destination.Length != target.PixelCount)
        {
            throw new ArgumentException($"A {target} image needs {target.PixelCount} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        if (encoded.IsEmpty)
        {
            throw new InvalidImageDataException("The image is empty (0 bytes).");
        }

        fixed (byte* encodedPointer = encoded)
        {
            using var data = SKData.Create((IntPtr)encodedPointer, encoded.Length);
            using var codec = SKCodec.Create(data)
                ?? throw new InvalidImageDataException(
                    $"Cannot decode {encoded.Length} bytes as an image: not PNG, JPEG or another format Skia reads (starts with {Preview(encoded)}).");
            DecodeWith(codec, encoded.Length, target, destination);
        }
    }

    private static void DecodeWith(SKCodec codec, int encodedLength, ImageShape target, Span<byte> destination)
    {
        int width = codec.Info.Width;
        int height = codec.Info.Height;
        if ((long)width * height > MaxSourcePixels)
        {
            throw new InvalidImageDataException(
                $"The image is {width}x{height} ({(long)width * height} pixels); at most {MaxSourcePixels} are accepted. Downscale it first.");
        }

        int pixelCount = width * height;
        byte[] rgba = ArrayPool<byte>.Shared.Rent(pixelCount * 4);
        byte[] plane = ArrayPool<byte>.Shared.Rent(pixelCount);
        try
        {
            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
            SKCodecResult result;
            unsafe
            {
                fixed (byte* rgbaPointer = rgba)
                {
                    result = codec.GetPixels(info, (IntPtr)rgbaPointer);
                }
            }

            if (result != SKCodecResult.Success)
            {
                throw new InvalidImageDataException(
                    $"The {codec.EncodedFormat} image ({width}x{height}, {encodedLength} bytes) cannot be decoded: {result}. Is the file truncated or damaged?");
            }

            var (fitWidth, fitHeight, left, top) = Letterbox(width, height, target);
            destination.Clear();
            int planeSize = target.Height * target.Width;
            for (int channel = 0; channel < target.Channels; channel++)
            {
                ExtractPlane(rgba.AsSpan(0, pixelCount * 4), plane.AsSpan(0, pixelCount), target.Channels == 1 ? -1 : channel);
                Span<byte> outPlane = destination.Slice(channel * planeSize, planeSize);
                TriangleResampler.Resize(
                    plane.AsSpan(0, pixelCount), width, height,
                    outPlane[((top * target.Width) + left)..], target.Width, fitWidth, fitHeight);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
            ArrayPool<byte>.Shared.Return(plane);
        }
    }

    internal static (int Width, int Height, int Left, int Top) Letterbox(int width, int height, ImageShape target)
    {
        double scale = Math.Min((double)target.Width / width, (double)target.Height / height);
        int fitWidth = Math.Clamp((int)Math.Round(width * scale), 1, target.Width);
        int fitHeight = Math.Clamp((int)Math.Round(height * scale), 1, target.Height);
        return (fitWidth, fitHeight, (target.Width - fitWidth) / 2, (target.Height - fitHeight) / 2);
    }

    /// <summary>Copies one channel of premultiplied RGBA, or its BT.601 luma when <paramref name="channel"/> is -1.</summary>
    private static void ExtractPlane(ReadOnlySpan<byte> rgba, Span<byte> plane, int channel)
    {
        if (channel >= 0)
        {
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] = rgba[(i * 4) + channel];
            }

            return;
        }

        for (int i = 0; i < plane.Length; i++)
        {
            int p = i * 4;
            plane[i] = (byte)(((299 * rgba[p]) + (587 * rgba[p + 1]) + (114 * rgba[p + 2]) + 500) / 1000);
        }
    }

    private static string Preview(ReadOnlySpan<byte> bytes) =>
        Convert.ToHexString(bytes[..Math.Min(8, bytes.Length)]).ToLowerInvariant();
}
