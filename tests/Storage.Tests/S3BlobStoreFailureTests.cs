using Mlops.TestSupport;

namespace Mlops.Storage.Tests;

/// <summary>What a bucket store does when the server fails or refuses: a clear error, and never half a blob.</summary>
public sealed class S3BlobStoreFailureTests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task Wrong_credentials_give_an_error_that_says_to_check_the_keys()
    {
        var settings = s3.Settings($"failure/{Guid.NewGuid():N}", accessKey: "NOT-A-KEY");
        using var store = new S3BlobStore(settings.Connect(), settings.Bucket, settings.Prefix);

        var write = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync(new byte[] { 1, 2, 3 }));
        var read = await Assert.ThrowsAsync<BlobStoreException>(() => store.ExistsAsync(Sha256Hex.Of([1, 2, 3])));

        Assert.Contains("refused", write.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Blobs:S3:AccessKey and SecretKey", write.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403 Forbidden", write.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Blobs:S3:AccessKey", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_is_named_in_the_error()
    {
        var settings = s3.Settings("failure");
        settings.Bucket = "no-such-bucket";
        using var store = new S3BlobStore(settings.Connect(), settings.Bucket, settings.Prefix);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync(new byte[] { 1, 2, 3 }));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_gives_an_error_that_names_it()
    {
        var settings = S3ServerFixture.For($"http://127.0.0.1:{FreePort.Next()}", "failure");
        using var store = new S3BlobStore(settings.Connect(), settings.Bucket, settings.Prefix);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.ExistsAsync(Sha256Hex.Of([1])));

        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains(settings.ServiceUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_dies_mid_upload_shows_no_half_blob_after_it_restarts()
    {
        var server = await S3Server.StartAsync();
        var folder = server.Directory;
        try
        {
            var content = new byte[8 * 1024 * 1024];
            new Random(5).NextBytes(content);
            var sha256 = Sha256Hex.Of(content);
            await using var proxy = new CuttingProxy(server.Port, cutAfterBytes: 3 * 1024 * 1024, server.StopAsync).Start();
            var settings = S3ServerFixture.For(proxy.Url, "interrupted");
            using (var store = new S3BlobStore(settings.Connect(), settings.Bucket, settings.Prefix))
            {
                await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync(new MemoryStream(content)));
            }

            Assert.True(proxy.HasCut);
            Assert.False(server.IsRunning);
            // s3rver writes an object's bytes before its metadata: the cut left part of the upload in its folder.
            Assert.Contains(Directory.EnumerateFiles(folder, "*._S3rver_object", SearchOption.AllDirectories), path => new FileInfo(path).Length < content.Length);
            await using var restarted = await S3Server.StartAsync(folder);
            var after = S3ServerFixture.For(restarted.ServiceUrl, "interrupted");
            using var again = new S3BlobStore(after.Connect(), after.Bucket, after.Prefix);

            Assert.False(await again.ExistsAsync(sha256));
            await Assert.ThrowsAsync<FileNotFoundException>(() => again.OpenReadAsync(sha256));
            Assert.Equal(sha256, (await again.PutAsync(new MemoryStream(content))).Sha256);
            Assert.Equal(content, await again.ReadAllAsync(sha256));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
