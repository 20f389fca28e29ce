using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Ingestion.V1;
using Mlops.TestSupport;

namespace Mlops.Ingestion.Tests;

/// <summary>
/// A "laptop" service (blobs on disk) and a "cloud" service (blobs in a bucket) share one remote in s3rver: a version
/// imported on the laptop is pushed, pulled by the cloud service by id, and reads back the same.
/// </summary>
public sealed class BucketServiceTests : IAsyncLifetime
{
    private S3Server s3 = null!;
    private IngestionServiceProcess laptop = null!;
    private IngestionServiceProcess cloud = null!;

    public async Task InitializeAsync()
    {
        s3 = await S3Server.StartAsync();
        laptop = new ConfiguredIngestionProcess(Bucket("Storage__Remote", "team-remote"));
        cloud = new ConfiguredIngestionProcess(new Dictionary<string, string>(Bucket("Storage__Remote", "team-remote").Concat(Bucket("Storage__Blobs", "cloud"))));
        await Task.WhenAll(laptop.InitializeAsync(), cloud.InitializeAsync());
    }

    [Fact]
    public async Task A_version_pushed_from_disk_is_pulled_by_id_into_a_bucket_backed_service_and_reads_back_the_same()
    {
        var imported = (await laptop.Client.ImportDatasetAsync(ServiceCalls.IdxImport("pushed", TestData.SampleFolder))).Version;
        var remote = new DatasetRemoteService.DatasetRemoteServiceClient(laptop.Channel);
        var cloudRemote = new DatasetRemoteService.DatasetRemoteServiceClient(cloud.Channel);

        var pushed = await remote.PushDatasetAsync(new PushDatasetRequest { Reference = "pushed@latest" });
        var pushedAgain = await remote.PushDatasetAsync(new PushDatasetRequest { Reference = imported.Id });
        var pulled = await cloudRemote.PullDatasetAsync(new PullDatasetRequest { VersionId = imported.Id });
        var pulledAgain = await cloudRemote.PullDatasetAsync(new PullDatasetRequest { VersionId = imported.Id });

        Assert.Equal((8, 8), (pushed.BlobsCopied, pushed.BlobsTotal));
        Assert.Equal(0, pushedAgain.BlobsCopied);
        Assert.StartsWith("s3://mlops-test/team-remote/datasets/blobs", pushed.Remote, StringComparison.Ordinal);
        Assert.Equal((8, 8), (pulled.BlobsCopied, pulled.BlobsTotal));
        Assert.Equal(0, pulledAgain.BlobsCopied);
        Assert.Equal(imported, pulled.Version);
        Assert.Equal(imported, await cloud.Client.GetDatasetAsync(new GetDatasetRequest { Reference = "pushed@latest" }));
        foreach (var split in new[] { Split.Train, Split.Validation, Split.Test })
        {
            var (pixels, labels) = await ServiceCalls.StreamAllAsync(laptop.Client, imported.Id, split);
            var (cloudPixels, cloudLabels) = await ServiceCalls.StreamAllAsync(cloud.Client, imported.Id, split);
            Assert.Equal(pixels, cloudPixels);
            Assert.Equal(labels, cloudLabels);
        }

        Assert.Equal(
            (await laptop.Client.GetProfileAsync(new GetProfileRequest { VersionId = imported.Id })).ToString(),
            (await cloud.Client.GetProfileAsync(new GetProfileRequest { VersionId = imported.Id })).ToString());
        // The cloud service keeps its blobs in the bucket, none under its data root.
        Assert.Empty(cloud.Blobs());
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(s3.Directory, S3Server.Bucket, "cloud"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Pulls_of_unknown_or_malformed_ids_and_pushes_of_unknown_versions_are_refused_with_what_to_do()
    {
        var remote = new DatasetRemoteService.DatasetRemoteServiceClient(cloud.Channel);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => remote.PullDatasetAsync(new PullDatasetRequest { VersionId = new string('a', 64) }).ResponseAsync);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => remote.PullDatasetAsync(new PullDatasetRequest { VersionId = "abc" }).ResponseAsync);
        var notHere = await Assert.ThrowsAsync<RpcException>(() => remote.PushDatasetAsync(new PushDatasetRequest { Reference = "nothing-by-this-name" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("push it first", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Equal(StatusCode.NotFound, notHere.StatusCode);
    }

    [Fact]
    public async Task A_blob_damaged_in_the_remote_is_refused_with_data_loss_and_nothing_is_recorded()
    {
        var imported = (await laptop.Client.ImportDatasetAsync(ServiceCalls.IdxImport("damaged", TestData.SampleFolder, classNames: Enumerable.Range(0, 10).Select(i => $"c{i}")))).Version;
        await new DatasetRemoteService.DatasetRemoteServiceClient(laptop.Channel).PushDatasetAsync(new PushDatasetRequest { Reference = imported.Id });
        // s3rver keeps each object's bytes in a file; flip one byte of the largest object of the remote (the train pixels).
        var largest = Directory.EnumerateFiles(Path.Combine(s3.Directory, S3Server.Bucket, "team-remote"), "*._S3rver_object", SearchOption.AllDirectories)
            .OrderByDescending(path => new FileInfo(path).Length).First();
        var bytes = await File.ReadAllBytesAsync(largest);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(largest, bytes);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new DatasetRemoteService.DatasetRemoteServiceClient(cloud.Channel).PullDatasetAsync(new PullDatasetRequest { VersionId = imported.Id }).ResponseAsync);

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
        Assert.Contains("is damaged", error.Status.Detail, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() => cloud.Client.GetDatasetAsync(new GetDatasetRequest { Reference = imported.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(laptop.DisposeAsync(), cloud.DisposeAsync());
        await s3.DisposeAsync();
    }

    private Dictionary<string, string> Bucket(string section, string prefix) => new()
    {
        [$"{section}__Kind"] = "s3",
        [$"{section}__S3__ServiceUrl"] = s3.ServiceUrl,
        [$"{section}__S3__Bucket"] = S3Server.Bucket,
        [$"{section}__S3__AccessKey"] = S3Server.AccessKey,
        [$"{section}__S3__SecretKey"] = S3Server.SecretKey,
        [$"{section}__S3__Prefix"] = prefix,
    };

    private sealed class ConfiguredIngestionProcess(IReadOnlyDictionary<string, string> environment) : IngestionServiceProcess
    {
        protected override IReadOnlyDictionary<string, string> ExtraEnvironment => environment;
    }
}
