namespace Mlops.Storage;

/// <summary>
/// Blobs stored under their sha256: written to a temporary file and renamed into place, so a reader never
/// sees half a blob, and hash-checked when read back.
/// </summary>
public sealed class ContentAddressedStore : IBlobStore
{
    private readonly string root;
    private readonly string temporaryFolder;

    public ContentAddressedStore(string root)
    {
        this.root = Directory.CreateDirectory(root).FullName;
        temporaryFolder = Directory.CreateDirectory(Path.Combine(this.root, "tmp")).FullName;
    }

    public string Location => root;

    /// <summary>Stores the stream's bytes; refuses them when <paramref name="expectedSha256"/> is given and differs.</summary>
    public async Task<BlobInfo> PutAsync(Stream content, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        using var spooled = await SpooledBlob.CreateAsync(content, temporaryFolder, expectedSha256, cancellationToken);
        MoveIntoPlace(spooled.Path, spooled.Sha256);
        return spooled.Info;
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

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => Task.FromResult(Exists(sha256));

    public Task<long> SizeOfAsync(string sha256, CancellationToken cancellationToken = default) =>
        Exists(sha256) ? Task.FromResult(SizeOf(sha256)) : throw new FileNotFoundException($"No blob with sha256 {sha256}");

    public Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken = default) => Task.FromResult(OpenRead(sha256));

    public IAsyncEnumerable<string> EnumerateAsync(CancellationToken cancellationToken = default) => Enumerate().ToAsyncEnumerable();

    public Task<bool> DeleteAsync(string sha256, CancellationToken cancellationToken = default) => Task.FromResult(Delete(sha256));

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
