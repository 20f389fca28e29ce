using Grpc.Core;
using Mlops.Ingestion.Remote;
using Mlops.Ingestion.V1;
using Mlops.Storage;

namespace Mlops.Ingestion.Grpc;

public sealed class DatasetRemoteGrpcService(DatasetRemote remote) : DatasetRemoteService.DatasetRemoteServiceBase
{
    public override Task<DatasetTransfer> PushDataset(PushDatasetRequest request, ServerCallContext context) =>
        GuardAsync(() => remote.PushAsync(request.Reference, context.CancellationToken));

    public override Task<DatasetTransfer> PullDataset(PullDatasetRequest request, ServerCallContext context) =>
        GuardAsync(() => remote.PullAsync(request.VersionId, context.CancellationToken));

    private static async Task<DatasetTransfer> GuardAsync(Func<Task<DatasetTransferResult>> transfer)
    {
        try
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
        catch (DatasetRemoteException refusal)
        {
            throw new RpcException(new Status(refusal.Failure switch
            {
                RemoteFailure.NotConfigured => StatusCode.FailedPrecondition,
                RemoteFailure.InvalidArgument => StatusCode.InvalidArgument,
                RemoteFailure.NotFound => StatusCode.NotFound,
                _ => StatusCode.DataLoss,
            }, refusal.Message));
        }
        catch (BlobStoreException unavailable)
        {
            throw IngestionStatus.Unavailable(unavailable);
        }
    }
}
