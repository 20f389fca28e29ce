using Grpc.Core;
using Grpc.Core.Interceptors;
using Mlops.Imaging;
using Mlops.Inference.Preprocessing;
using Mlops.Inference.Serving;
using Mlops.Inference.Telemetry;

namespace Mlops.Inference.Grpc;

/// <summary>Turns refusals into gRPC statuses with their messages and counts every failed call, so no RPC method needs a try/catch.</summary>
public sealed class InferenceErrorInterceptor(InferenceMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error)
        {
            throw Translate(error, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception error)
        {
            throw Translate(error, context);
        }
    }

    public static RpcException? ToRpc(Exception error) => error switch
    {
        RpcException rpc => rpc,
        InvalidImageDataException or InvalidInputException => new RpcException(new Status(StatusCode.InvalidArgument, error.Message)),
        ModelNotFoundException => new RpcException(new Status(StatusCode.NotFound, error.Message)),
        ModelNotReadyException => new RpcException(new Status(StatusCode.Unavailable, error.Message)),
        _ => null,
    };

    private Exception Translate(Exception error, ServerCallContext context)
    {
        var rpc = ToRpc(error);
        var api = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        metrics.Error(api, (rpc?.StatusCode ?? StatusCode.Internal).ToString());
        return rpc ?? error;
    }
}
