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
