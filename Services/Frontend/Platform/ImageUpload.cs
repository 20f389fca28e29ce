namespace Mlops.Frontend.Platform;

/// <summary>What the Predict page accepts before it sends anything to inference: PNG or JPEG, not bigger than a limit.</summary>
public static class ImageUpload
{
    public const long MaxBytes = 8 * 1024 * 1024;
    public const string Accept = "image/png,image/jpeg";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];

    /// <summary>Why a file of this size cannot be sent, or null when it can.</summary>
    public static string? SizeProblem(string fileName, long size) => size > MaxBytes
        ? $"{fileName} is {Display.Bytes(size)}; images up to {Display.Bytes(MaxBytes)} are accepted."
        : size == 0 ? $"{fileName} is empty." : null;

    /// <summary>Why these bytes are not an image inference can decode, or null when they start like a PNG or a JPEG.</summary>
    public static string? ContentProblem(string fileName, ReadOnlySpan<byte> content) =>
        content.StartsWith(PngSignature) || content.StartsWith(JpegSignature)
            ? null
            : $"{fileName} is not a PNG or JPEG image.";
}
