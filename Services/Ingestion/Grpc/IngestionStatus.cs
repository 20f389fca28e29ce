using Grpc.Core;

namespace Mlops.Ingestion.Grpc;

/// <summary>Refusals of a request's shape, decided in the gRPC layer itself; domain failures go through <see cref="IngestionErrorStatus"/>.</summary>
internal static class IngestionStatus
{
    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
}
