using Grpc.Core;
using Mlops.Ingestion.V1;

namespace Mlops.Cli.Tests.Fakes;

/// <summary>A remote that knows one version: push records what was asked, pull of any other id is NotFound.</summary>
public sealed class FakeDatasetRemote : DatasetRemoteService.DatasetRemoteServiceBase
{
    public static readonly string KnownId = new('c', 64);

    public List<string> Pushed { get; } = [];

    public override Task<DatasetTransfer> PushDataset(PushDatasetRequest request, ServerCallContext context)
    {
        Pushed.Add(request.Reference);
        return Task.FromResult(Transfer(copied: 8));
    }

    public override Task<DatasetTransfer> PullDataset(PullDatasetRequest request, ServerCallContext context) =>
        request.VersionId == KnownId
            ? Task.FromResult(Transfer(copied: 0))
            : throw new RpcException(new Status(StatusCode.NotFound, $"The remote s3://team/datasets has no version {request.VersionId}; push it first."));

    private static DatasetTransfer Transfer(int copied) => new()
    {
        Version = new DatasetVersion { Id = KnownId, Name = "fashion-mnist", SizeBytes = 1000 },
        BlobsCopied = copied,
        BlobsTotal = 8,
        BytesCopied = copied * 125,
        Remote = "s3://team/datasets/blobs",
    };
}
