using System.Security.Cryptography;

namespace Mlops.Storage;

/// <summary>A stream's bytes copied to a temporary file while they are hashed, so a blob's key is known before it is stored; deleted on dispose.</summary>
internal sealed class SpooledBlob : IDisposable
{
    private SpooledBlob(string path, string sha256, long size)
    {
        Path = path;
        Sha256 = sha256;
        SizeBytes = size;
    }

    public string Path { get; }
    public string Sha256 { get; }
    public long SizeBytes { get; }

    public BlobInfo Info => new(Sha256, SizeBytes);

    /// <summary>Spools <paramref name="content"/> into <paramref name="folder"/>; throws <see cref="ContentHashMismatchException"/> (leaving nothing) when it is not <paramref name="expectedSha256"/>.</summary>
    public static async Task<SpooledBlob> CreateAsync(Stream content, string folder, string? expectedSha256, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }

                await file.FlushAsync(cancellationToken);
            }

            var sha256 = Sha256Hex.Of(hash);
            if (expectedSha256 is not null && !string.Equals(expectedSha256, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ContentHashMismatchException(expectedSha256, sha256);
            }

            return new SpooledBlob(path, sha256, size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public void Dispose() => File.Delete(Path);
}
