using Grpc.Core;
using Mlops.Ingestion.Remote;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Grpc;

public sealed class DatasetRemoteGrpcService(DatasetRemote remote) : DatasetRemoteService.DatasetRemoteServiceBase
{
    public override Task<DatasetTransfer> PushDataset(PushDatasetRequest request, ServerCallContext context) =>
        TransferAsync(() => remote.PushAsync(request.Reference, context.CancellationToken));

    public override Task<DatasetTransfer> PullDataset(PullDatasetRequest request, ServerCallContext context) =>
        TransferAsync(() => remote.PullAsync(request.VersionId, context.CancellationToken));

    // Refusals (DatasetRemoteException, BlobStoreException) become statuses in IngestionErrorStatus.
    private static async Task<DatasetTransfer> TransferAsync(Func<Task<DatasetTransferResult>> transfer)
    {
        var result = await transfer();
        return new DatasetTransfer
        {
            Version = result.Version,
            BlobsCopied = result.BlobsCopied,
            BlobsTotal = result.BlobsTotal,
            BytesCopied = result.BytesCopied,
            Remote = result.Remote,
        };
    }
}
