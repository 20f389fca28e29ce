using Grpc.Core;
using Grpc.Core.Interceptors;
using Mlops.Registry.Events;
using Mlops.Storage;

namespace Mlops.Registry.Grpc;

/// <summary>Turns the registry's refusals into gRPC statuses with their messages, so no RPC method needs a try/catch.</summary>
public sealed class RegistryErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error) when (ToRpc(error) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception error) when (ToRpc(error) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (ToRpc(error) is { } rpc)
        {
            throw rpc;
        }
    }

    internal static RpcException? ToRpc(Exception error) => error switch
    {
        RegistryException refusal => new RpcException(new Status(Code(refusal.Kind), refusal.Message)),
        ContentHashMismatchException mismatch => new RpcException(new Status(StatusCode.DataLoss,
            $"Artifact {mismatch.Expected} is corrupted in storage (its bytes now hash to {mismatch.Actual}); it is not served.")),
        BlobStoreException unavailable => new RpcException(new Status(StatusCode.Unavailable, unavailable.Message)),
        WatcherTooSlowException slow => new RpcException(new Status(StatusCode.ResourceExhausted, slow.Message)),
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
