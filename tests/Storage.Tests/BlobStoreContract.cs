using System.Text;

namespace Mlops.Storage.Tests;

/// <summary>What every blob store does, whatever holds the blobs: each backend's test class derives from this one.</summary>
public abstract class BlobStoreContract
{
    /// <summary>A new, empty store.</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    /// <summary>Replaces the stored bytes of <paramref name="sha256"/> behind the store's back, as bit rot or a careless hand would.</summary>
    protected abstract Task CorruptAsync(IBlobStore store, string sha256, byte[] replacement);

    [Fact]
    public async Task Stores_content_under_its_sha256_and_reads_it_back()
    {
        var store = await CreateStoreAsync();
        var content = Encoding.UTF8.GetBytes("hello, blobs");

        var blob = await store.PutAsync(new MemoryStream(content));

        // sha256("hello, blobs"), computed independently with sha256sum.
        Assert.Equal("686c82473de28c4ad4ff4d46877b13f393904a4a23aa74c6bdda31607cda0207", blob.Sha256);
        Assert.Equal(content.Length, blob.SizeBytes);
        Assert.True(await store.ExistsAsync(blob.Sha256));
        Assert.Equal(content.Length, await store.SizeOfAsync(blob.Sha256));
        Assert.Equal(content, await store.ReadAllAsync(blob.Sha256));
    }

    [Fact]
    public async Task The_same_content_is_stored_once()
    {
        var store = await CreateStoreAsync();
        var first = await store.PutAsync(new MemoryStream([1, 2, 3]));
        var second = await store.PutAsync(new byte[] { 1, 2, 3 });
        var third = await store.PutAsync(new MemoryStream([1, 2, 3]), first.Sha256);

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal([first.Sha256], await store.EnumerateAsync().ToListAsync());
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_content_both_succeed()
    {
        var store = await CreateStoreAsync();
        var content = RandomBytes(256 * 1024, seed: 3);

        var blobs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.PutAsync(new MemoryStream(content)))));

        Assert.Single(blobs.Distinct());
        Assert.Equal(content, await store.ReadAllAsync(blobs[0].Sha256));
    }

    [Fact]
    public async Task A_wrong_expected_hash_is_refused_and_leaves_nothing_behind()
    {
        var store = await CreateStoreAsync();
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<ContentHashMismatchException>(() => store.PutAsync(new MemoryStream([9, 9, 9]), wrong));

        Assert.Equal(wrong, error.Expected);
        Assert.Equal(Sha256Hex.Of([9, 9, 9]), error.Actual);
        Assert.False(await store.ExistsAsync(wrong));
        Assert.False(await store.ExistsAsync(error.Actual));
        Assert.Empty(await store.EnumerateAsync().ToListAsync());
    }

    [Fact]
    public async Task A_changed_blob_fails_its_hash_check_when_read()
    {
        var store = await CreateStoreAsync();
        var blob = await store.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("original bytes")));

        await CorruptAsync(store, blob.Sha256, Encoding.UTF8.GetBytes("tampered bytes"));

        var error = await Assert.ThrowsAsync<ContentHashMismatchException>(() => store.ReadAllAsync(blob.Sha256));
        Assert.Equal(blob.Sha256, error.Expected);
        Assert.Equal(Sha256Hex.Of(Encoding.UTF8.GetBytes("tampered bytes")), error.Actual);
    }

    [Fact]
    public async Task A_large_blob_streams_back_intact()
    {
        var store = await CreateStoreAsync();
        var content = RandomBytes(6 * 1024 * 1024 + 123, seed: 7);

        var blob = await store.PutAsync(new MemoryStream(content));

        Assert.Equal(Sha256Hex.Of(content), blob.Sha256);
        await using var stream = await store.OpenReadAsync(blob.Sha256);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 1000);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Lists_every_stored_blob_and_nothing_else()
    {
        var store = await CreateStoreAsync();
        var stored = new List<string>();
        for (byte i = 0; i < 5; i++)
        {
            stored.Add((await store.PutAsync(new byte[] { i, i, i })).Sha256);
        }

        Assert.Equal(stored.Order(StringComparer.Ordinal), (await store.EnumerateAsync().ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deleted_blobs_are_gone_and_unknown_hashes_are_not_found()
    {
        var store = await CreateStoreAsync();
        var blob = await store.PutAsync(new MemoryStream([4, 5, 6]));

        Assert.True(await store.DeleteAsync(blob.Sha256));
        Assert.False(await store.ExistsAsync(blob.Sha256));
        Assert.False(await store.DeleteAsync(blob.Sha256));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync(blob.Sha256));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.SizeOfAsync(blob.Sha256));
        Assert.False(await store.ExistsAsync("../../etc/passwd"));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("../../etc/passwd"));
    }

    [Fact]
    public async Task Copies_a_blob_between_stores_once()
    {
        var source = await CreateStoreAsync();
        var destination = await CreateStoreAsync();
        var blob = await source.PutAsync(RandomBytes(100_000, seed: 11));

        Assert.Equal(blob.SizeBytes, await destination.CopyBlobAsync(source, blob.Sha256));
        Assert.Equal(0, await destination.CopyBlobAsync(source, blob.Sha256));
        Assert.Equal(await source.ReadAllAsync(blob.Sha256), await destination.ReadAllAsync(blob.Sha256));
    }

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
