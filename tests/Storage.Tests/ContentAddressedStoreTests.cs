namespace Mlops.Storage.Tests;

public sealed class ContentAddressedStoreTests : BlobStoreContract, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cas-").FullName;

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new ContentAddressedStore(Path.Combine(root, Guid.NewGuid().ToString("N"))));

    protected override Task CorruptAsync(IBlobStore store, string sha256, byte[] replacement) =>
        File.WriteAllBytesAsync(Path.Combine(store.Location, sha256[..2], sha256[2..]), replacement);

    [Fact]
    public async Task A_refused_write_leaves_no_file_behind()
    {
        var store = new ContentAddressedStore(root);

        await Assert.ThrowsAsync<ContentHashMismatchException>(() => store.PutAsync(new MemoryStream([9, 9, 9]), new string('0', 64)));

        Assert.Empty(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
