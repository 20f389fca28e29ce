namespace Mlops.Storage;

public static class BlobStoreExtensions
{
    /// <summary>Reads a whole blob and checks its hash.</summary>
    public static async Task<byte[]> ReadAllAsync(this IBlobStore store, string sha256, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(sha256, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Copies a blob from <paramref name="source"/> unless <paramref name="destination"/> has it; the bytes are hash-checked on both sides.</summary>
    /// <returns>The bytes copied (0 when the destination already had the blob).</returns>
    public static async Task<long> CopyBlobAsync(this IBlobStore destination, IBlobStore source, string sha256, CancellationToken cancellationToken = default)
    {
        if (await destination.ExistsAsync(sha256, cancellationToken))
        {
            return 0;
        }

        await using var content = await source.OpenReadAsync(sha256, cancellationToken);
        return (await destination.PutAsync(content, sha256, cancellationToken)).SizeBytes;
    }
}
