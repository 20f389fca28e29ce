namespace Mlops.Cli.Input;

/// <summary>PNG and JPEG files recognised by their first bytes, not their names, so a mislabelled file is refused before it is sent.</summary>
public static class ImageFiles
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];

    public static bool IsImageName(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";

    public static bool IsEncodedImage(ReadOnlySpan<byte> content) =>
        content.StartsWith(PngSignature) || content.StartsWith(JpegSignature);

    /// <summary>The file's bytes; a missing file or one that is not PNG/JPEG is a usage error naming the file.</summary>
    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"image file '{path}' does not exist.");
        }

        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        if (!IsEncodedImage(content))
        {
            throw new UsageException($"'{path}' is not a PNG or JPEG file.");
        }

        return content;
    }
}
