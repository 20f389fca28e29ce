using Grpc.Core;
using Mlops.Registry.Events;
using Mlops.Storage;

namespace Mlops.Registry.Grpc;

/// <summary>The registry's refusals as gRPC statuses, fed to the shared error interceptor so no RPC method needs a try/catch.</summary>
public static class RegistryErrorStatus
{
    public static Status? Map(Exception error) => error switch
    {
        RegistryException refusal => new Status(Code(refusal.Kind), refusal.Message),
        ContentHashMismatchException mismatch => new Status(StatusCode.DataLoss,
            $"Artifact {mismatch.Expected} is corrupted in storage (its bytes now hash to {mismatch.Actual}); it is not served."),
        BlobStoreException unavailable => new Status(StatusCode.Unavailable, unavailable.Message),
        WatcherTooSlowException slow => new Status(StatusCode.ResourceExhausted, slow.Message),
        _ => null,
    };

    private static StatusCode Code(RegistryErrorKind kind) => kind switch
    {
        RegistryErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        RegistryErrorKind.NotFound => StatusCode.NotFound,
        RegistryErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        RegistryErrorKind.DataLoss => StatusCode.DataLoss,
        RegistryErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.Unavailable,
    };
}
