using Grpc.Core;
using Mlops.Storage;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>The registry with its artifacts in a bucket (s3rver): same uploads, downloads, registrations and hash checks as on disk.</summary>
public sealed class BucketArtifactTests : IAsyncLifetime
{
    private S3Server s3 = null!;

    public async Task InitializeAsync() => s3 = await S3Server.StartAsync();

    public async Task DisposeAsync() => await s3.DisposeAsync();

    [Fact]
    public async Task Artifacts_live_in_the_bucket_stream_back_register_and_a_damaged_object_is_data_loss()
    {
        await using var registry = await RegistryProcess.StartAsync(settings: Bucket(S3Server.AccessKey));
        var content = new byte[300_000];
        new Random(8).NextBytes(content);

        var artifact = await registry.Client.UploadAsync(content, "weights.bin");
        var (downloaded, _) = await registry.Client.DownloadAsync(artifact.Sha256);
        var version = await registry.Client.RegisterAsync("bucketed", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);

        Assert.Equal(content, downloaded);
        Assert.Equal(Sha256Hex.Of(content), artifact.Sha256);
        Assert.Equal(1, version.Version);
        Assert.False(Directory.Exists(Path.Combine(registry.DataRoot, "registry", "artifacts")) &&
            Directory.EnumerateFiles(Path.Combine(registry.DataRoot, "registry", "artifacts"), "*", SearchOption.AllDirectories).Any());
        var stored = Path.Combine(s3.Directory, S3Server.Bucket, "ci", "registry", "artifacts", $"{artifact.Sha256}._S3rver_object");
        Assert.Equal(content, await File.ReadAllBytesAsync(stored));

        var damaged = (byte[])content.Clone();
        damaged[77_777] ^= 0x10;
        await File.WriteAllBytesAsync(stored, damaged);
        var error = await Assert.ThrowsAsync<RpcException>(() => registry.Client.DownloadAsync(artifact.Sha256));

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
        Assert.Contains($"Artifact {artifact.Sha256} is corrupted in storage", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_bucket_credentials_make_uploads_unavailable_with_a_message_that_names_the_keys()
    {
        await using var registry = await RegistryProcess.StartAsync(settings: Bucket("NOT-A-KEY"));

        var error = await Assert.ThrowsAsync<RpcException>(() => registry.Client.UploadAsync([1, 2, 3], "refused.bin"));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("Storage:Blobs:S3:AccessKey and SecretKey", error.Status.Detail, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Bucket(string accessKey) => new()
    {
        ["Storage__Blobs__Kind"] = "s3",
        ["Storage__Blobs__S3__ServiceUrl"] = s3.ServiceUrl,
        ["Storage__Blobs__S3__Bucket"] = S3Server.Bucket,
        ["Storage__Blobs__S3__AccessKey"] = accessKey,
        ["Storage__Blobs__S3__SecretKey"] = S3Server.SecretKey,
        ["Storage__Blobs__S3__Prefix"] = "ci",
        ["Storage__Blobs__S3__MaxErrorRetry"] = "1",
    };
}
