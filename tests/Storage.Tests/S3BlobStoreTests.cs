using Amazon.S3.Model;

namespace Mlops.Storage.Tests;

/// <summary>The blob store contract against a real S3-compatible server (s3rver) on loopback.</summary>
public sealed class S3BlobStoreTests(S3ServerFixture s3) : BlobStoreContract, IClassFixture<S3ServerFixture>
{
    private readonly Dictionary<IBlobStore, S3Settings> settingsOf = [];

    protected override Task<IBlobStore> CreateStoreAsync()
    {
        var settings = s3.Settings($"contract/{Guid.NewGuid():N}");
        var store = new S3BlobStore(settings.Connect(), settings.Bucket, settings.Prefix);
        settingsOf[store] = settings;
        return Task.FromResult<IBlobStore>(store);
    }

    protected override async Task CorruptAsync(IBlobStore store, string sha256, byte[] replacement)
    {
        var settings = settingsOf[store];
        using var client = settings.Connect();
        var request = new PutObjectRequest { BucketName = settings.Bucket, Key = $"{settings.Prefix}/{sha256}", InputStream = new MemoryStream(replacement), UseChunkEncoding = false };
        request.Metadata["x-amz-meta-sha256"] = sha256;
        await client.PutObjectAsync(request);
    }

    [Fact]
    public async Task Bytes_damaged_on_the_server_fail_the_hash_check_not_the_sdk()
    {
        var store = await CreateStoreAsync();
        var blob = await store.PutAsync(RandomBytes(50_000, seed: 13));
        var file = Directory.EnumerateFiles(Path.Combine(s3.Server.Directory, Mlops.TestSupport.S3Server.Bucket, settingsOf[store].Prefix), "*._S3rver_object", SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[100] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);

        var error = await Assert.ThrowsAsync<ContentHashMismatchException>(() => store.ReadAllAsync(blob.Sha256));

        Assert.Equal(Sha256Hex.Of(bytes), error.Actual);
    }

    [Fact]
    public async Task Blobs_of_one_prefix_are_not_seen_under_another()
    {
        var first = await CreateStoreAsync();
        var second = await CreateStoreAsync();

        var blob = await first.PutAsync(new byte[] { 1, 2, 3, 4 });

        Assert.False(await second.ExistsAsync(blob.Sha256));
        Assert.Empty(await second.EnumerateAsync().ToListAsync());
    }

    [Fact]
    public void Settings_choose_the_backend_and_place_each_folder_under_the_prefix()
    {
        var dataRoot = new DataRoot(Path.Combine(Path.GetTempPath(), $"unused-{Guid.NewGuid():N}"));
        var s3Settings = new BlobStoreSettings { Kind = "S3", S3 = s3.Settings("team/mlops/") };

        using var bucket = Assert.IsType<S3BlobStore>(s3Settings.Create(dataRoot, "registry/artifacts"));
        var disk = Assert.IsType<ContentAddressedStore>(new BlobStoreSettings().Create(dataRoot, "registry/artifacts"));

        Assert.StartsWith("s3://mlops-test/team/mlops/registry/artifacts ", bucket.Location, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(dataRoot.Path, "registry", "artifacts"), disk.Location);
        Assert.Contains("'disk' or 's3'", Assert.Throws<InvalidOperationException>(() => new BlobStoreSettings { Kind = "ftp" }.Create(dataRoot, "x")).Message);
        Assert.Contains("Bucket is not set", Assert.Throws<InvalidOperationException>(() => new BlobStoreSettings { Kind = "s3" }.Create(dataRoot, "x")).Message);
        Directory.Delete(dataRoot.Path, recursive: true);
    }
}
