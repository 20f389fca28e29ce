using Grpc.Core;
using Mlops.Drift.Model;

namespace Mlops.Drift.Grpc;

/// <summary>Drift's refusals as gRPC statuses, fed to the shared error interceptor so no RPC method needs a try/catch.</summary>
public static class DriftErrorStatus
{
    public static Status? Map(Exception error) => error switch
    {
        DriftException refusal => new Status(refusal.Kind switch
        {
            DriftErrorKind.InvalidArgument => StatusCode.InvalidArgument,
            DriftErrorKind.NotFound => StatusCode.NotFound,
            DriftErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
            _ => StatusCode.Unavailable,
        }, refusal.Message),
        Scoring.InvalidModelException invalid => new Status(StatusCode.FailedPrecondition, $"The model cannot be run: {invalid.Message}"),
        _ => null,
    };
}
