using System.Security.Cryptography;

namespace Mlops.Storage;

/// <summary>
/// Blobs stored under their sha256: written to a temporary file and renamed into place, so a reader never
/// sees half a blob, and hash-checked when read back.
/// </summary>
public sealed class ContentAddressedStore
{
    private readonly string root;
    private readonly string temporaryFolder;

    public ContentAddressedStore(string root)
    {
        this.root = Directory.CreateDirectory(root).FullName;
        temporaryFolder = Directory.CreateDirectory(Path.Combine(this.root, "tmp")).FullName;
    }

    /// <summary>Stores the stream's bytes; refuses them when <paramref name="expectedSha256"/> is given and differs.</summary>
    public async Task<BlobInfo> PutAsync(Stream content, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        var temporaryPath = Path.Combine(temporaryFolder, Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
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

            MoveIntoPlace(temporaryPath, sha256);
            return new BlobInfo(sha256, size);
        }
        finally
        {
            File.Delete(temporaryPath);
        }
    }

    public Task<BlobInfo> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var sha256 = Sha256Hex.Of(content.Span);
        if (Exists(sha256))
        {
            return Task.FromResult(new BlobInfo(sha256, content.Length));
        }

        return PutAsync(new MemoryStream(content.ToArray(), writable: false), sha256, cancellationToken);
    }

    public bool Exists(string sha256) => Sha256Hex.IsValid(sha256) && File.Exists(PathOf(sha256));

    public long SizeOf(string sha256) => new FileInfo(PathOf(sha256)).Length;

    /// <summary>Opens a blob for reading; the stream throws <see cref="ContentHashMismatchException"/> at its end if the bytes changed on disk.</summary>
    public Stream OpenRead(string sha256)
    {
        if (!Exists(sha256))
        {
            throw new FileNotFoundException($"No blob with sha256 {sha256}");
        }

        var file = new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return new HashVerifyingStream(file, sha256);
    }

    /// <summary>Reads a whole blob and checks its hash.</summary>
    public async Task<byte[]> ReadAllAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var stream = OpenRead(sha256);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public IEnumerable<string> Enumerate() =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetFileName(Path.GetDirectoryName(path)) + Path.GetFileName(path))
            .Where(Sha256Hex.IsValid);

    public bool Delete(string sha256)
    {
        if (!Exists(sha256))
        {
            return false;
        }

        File.Delete(PathOf(sha256));
        return true;
    }

    private void MoveIntoPlace(string temporaryPath, string sha256)
    {
        var destination = PathOf(sha256);
        if (File.Exists(destination))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            File.Move(temporaryPath, destination);
        }
        catch (IOException) when (File.Exists(destination))
        {
            // Another writer stored the same content first; the bytes are identical.
        }
    }

    private string PathOf(string sha256) => Path.Combine(root, sha256[..2], sha256[2..]);
}
