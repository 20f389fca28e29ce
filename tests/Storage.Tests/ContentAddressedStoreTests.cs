using System.Text;

namespace Mlops.Storage.Tests;

public sealed class ContentAddressedStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cas-").FullName;

    [Fact]
    public async Task Stores_content_under_its_sha256_and_reads_it_back()
    {
        var store = new ContentAddressedStore(root);
        var content = Encoding.UTF8.GetBytes("hello, blobs");

        var blob = await store.PutAsync(new MemoryStream(content));

        // sha256("hello, blobs"), computed independently with sha256sum.
        Assert.Equal("686c82473de28c4ad4ff4d46877b13f393904a4a23aa74c6bdda31607cda0207", blob.Sha256);
        Assert.Equal(content.Length, blob.SizeBytes);
        Assert.Equal(content, await store.ReadAllAsync(blob.Sha256));
    }

    [Fact]
    public async Task The_same_content_is_stored_once()
    {
        var store = new ContentAddressedStore(root);
        var first = await store.PutAsync(new MemoryStream([1, 2, 3]));
        var second = await store.PutAsync(new byte[] { 1, 2, 3 });

        Assert.Equal(first, second);
        Assert.Single(store.Enumerate());
    }

    [Fact]
    public async Task A_wrong_expected_hash_is_refused_and_leaves_nothing_behind()
    {
        var store = new ContentAddressedStore(root);
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<ContentHashMismatchException>(() =>
            store.PutAsync(new MemoryStream([9, 9, 9]), wrong));

        Assert.Equal(wrong, error.Expected);
        Assert.Empty(store.Enumerate());
        Assert.Empty(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_blob_changed_on_disk_fails_its_hash_check_when_read()
    {
        var store = new ContentAddressedStore(root);
        var blob = await store.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("original bytes")));
        var path = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Single(file => !Path.GetRelativePath(root, file).StartsWith("tmp", StringComparison.Ordinal));
        await File.WriteAllTextAsync(path, "tampered bytes");

        var error = await Assert.ThrowsAsync<ContentHashMismatchException>(() => store.ReadAllAsync(blob.Sha256));
        Assert.Equal(blob.Sha256, error.Expected);
    }

    [Fact]
    public async Task Deleted_blobs_are_gone_and_unknown_hashes_are_not_found()
    {
        var store = new ContentAddressedStore(root);
        var blob = await store.PutAsync(new MemoryStream([4, 5, 6]));

        Assert.True(store.Delete(blob.Sha256));
        Assert.False(store.Exists(blob.Sha256));
        Assert.False(store.Delete(blob.Sha256));
        Assert.Throws<FileNotFoundException>(() => store.OpenRead(blob.Sha256));
        Assert.False(store.Exists("../../etc/passwd"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
