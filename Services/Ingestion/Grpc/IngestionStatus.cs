using Grpc.Core;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Retention;
using Mlops.Storage;

namespace Mlops.Ingestion.Grpc;

/// <summary>The status codes this service answers with, and how domain failures map onto them.</summary>
internal static class IngestionStatus
{
    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    /// <summary>The blob store (a bucket) cannot be reached or refused: nothing was stored or read; worth retrying once it is fixed.</summary>
    public static RpcException Unavailable(BlobStoreException e) => new(new Status(StatusCode.Unavailable, e.Message));

    public static RpcException From(DatasetImportException e) => new(new Status(e.Failure switch
    {
        ImportFailure.OutsideImportRoots => StatusCode.PermissionDenied,
        ImportFailure.NotFound => StatusCode.NotFound,
        _ => StatusCode.InvalidArgument,
    }, e.Message));

    public static RpcException DataLoss(string versionId, Exception e) => new(new Status(StatusCode.DataLoss, e switch
    {
        ContentHashMismatchException => $"Stored data of version {versionId} no longer matches its hash ({e.Message}); re-import the dataset.",
        _ => $"Stored data of version {versionId} cannot be read ({e.Message}); re-import the dataset.",
    }));

    /// <summary>Runs a domain call, turning its refusals into statuses.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DatasetImportException e)
        {
            throw From(e);
        }
        catch (BlobStoreException e)
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Runs a delete or archive, turning "in use" into FailedPrecondition and an unreachable registry into Unavailable.</summary>
    public static async Task<T> GuardRetirement<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DatasetInUseException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
        catch (DatasetUsageUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }

    /// <summary>Runs a read of stored blobs, turning damaged or missing blobs into DataLoss.</summary>
    public static async Task<T> GuardRead<T>(string versionId, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is ContentHashMismatchException or FileNotFoundException or InvalidDataException)
        {
            throw DataLoss(versionId, e);
        }
        catch (BlobStoreException e)
        {
            throw Unavailable(e);
        }
    }
}
