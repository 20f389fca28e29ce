namespace Mlops.Storage;

/// <summary>
/// Blobs stored under their sha256, whatever holds them (a folder, a bucket). Every read is hash-checked:
/// a blob whose bytes changed throws <see cref="ContentHashMismatchException"/>, never returns them.
/// A missing blob throws <see cref="FileNotFoundException"/>; a store that cannot be reached or refuses
/// access throws <see cref="BlobStoreException"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>A short description for logs and messages, e.g. a folder or s3://bucket/prefix.</summary>
    string Location { get; }

    /// <summary>Stores the stream's bytes; refuses them when <paramref name="expectedSha256"/> is given and differs. Nothing is visible until the whole blob is.</summary>
    Task<BlobInfo> PutAsync(Stream content, string? expectedSha256 = null, CancellationToken cancellationToken = default);

    Task<BlobInfo> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default);

    Task<long> SizeOfAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading; the stream throws <see cref="ContentHashMismatchException"/> at its end if the bytes are not the blob's.</summary>
    Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken = default);

    IAsyncEnumerable<string> EnumerateAsync(CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string sha256, CancellationToken cancellationToken = default);
}
