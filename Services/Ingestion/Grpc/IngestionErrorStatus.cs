using Grpc.Core;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Remote;
using Mlops.Ingestion.Retention;
using Mlops.Ingestion.Versioning;
using Mlops.Storage;

namespace Mlops.Ingestion.Grpc;

/// <summary>Ingestion's refusals as gRPC statuses, fed to the shared error interceptor so no RPC method needs a try/catch.</summary>
public static class IngestionErrorStatus
{
    public static Status? Map(Exception error) => error switch
    {
        DatasetImportException refusal => new Status(refusal.Failure switch
        {
            ImportFailure.OutsideImportRoots => StatusCode.PermissionDenied,
            ImportFailure.NotFound => StatusCode.NotFound,
            _ => StatusCode.InvalidArgument,
        }, refusal.Message),
        DamagedVersionException damaged => new Status(StatusCode.DataLoss, damaged.Message),
        DatasetInUseException inUse => new Status(StatusCode.FailedPrecondition, inUse.Message),
        DatasetUsageUnavailableException unavailable => new Status(StatusCode.Unavailable, unavailable.Message),
        DatasetRemoteException remote => new Status(remote.Failure switch
        {
            RemoteFailure.NotConfigured => StatusCode.FailedPrecondition,
            RemoteFailure.InvalidArgument => StatusCode.InvalidArgument,
            RemoteFailure.NotFound => StatusCode.NotFound,
            _ => StatusCode.DataLoss,
        }, remote.Message),
        // The blob store (a bucket) cannot be reached or refused: nothing was stored or read; worth retrying once it is fixed.
        BlobStoreException blobs => new Status(StatusCode.Unavailable, blobs.Message),
        _ => null,
    };
}
