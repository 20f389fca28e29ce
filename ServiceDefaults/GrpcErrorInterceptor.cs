using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Mlops.ServiceDefaults;

/// <summary>
/// The one error policy of every service: refusals become the status their service's <see cref="IExceptionStatusMap"/>
/// gives them, a call whose caller left ends CANCELLED, anything unexpected INTERNAL with a message (logged, never
/// UNKNOWN), and every status message is bounded so no echoed input can outgrow the client's metadata limit.
/// </summary>
public sealed class GrpcErrorInterceptor(
    IEnumerable<IExceptionStatusMap> maps, IEnumerable<IFailedCallObserver> observers, ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    private readonly IExceptionStatusMap[] maps = [.. maps];
    private readonly IFailedCallObserver[] observers = [.. observers];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var call = GrpcCallMetrics.Start(context.Method);
        try
        {
            var response = await continuation(request, context);
            call.End(StatusCode.OK);
            return response;
        }
        catch (Exception error)
        {
            throw Translate(error, context, call);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var call = GrpcCallMetrics.Start(context.Method);
        try
        {
            var response = await continuation(requestStream, context);
            call.End(StatusCode.OK);
            return response;
        }
        catch (Exception error)
        {
            throw Translate(error, context, call);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var call = GrpcCallMetrics.Start(context.Method);
        try
        {
            await continuation(request, responseStream, context);
            call.End(StatusCode.OK);
        }
        catch (Exception error)
        {
            throw Translate(error, context, call);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var call = GrpcCallMetrics.Start(context.Method);
        try
        {
            await continuation(requestStream, responseStream, context);
            call.End(StatusCode.OK);
        }
        catch (Exception error)
        {
            throw Translate(error, context, call);
        }
    }

    /// <summary>The status <paramref name="error"/> ends a call with under this policy.</summary>
    public Status ToStatus(Exception error, CancellationToken callCancelled)
    {
        // Once the caller has gone, whatever the handler's work failed with (a peer's stream cut, a wrapped cancellation)
        // follows from that, and the call ended cancelled.
        if (callCancelled.IsCancellationRequested)
        {
            return new Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed; its work was stopped.");
        }

        foreach (var map in maps)
        {
            if (map.Map(error) is { } mapped)
            {
                return new Status(mapped.StatusCode, EchoedInput.BoundDetail(mapped.Detail));
            }
        }
        if (StorageFull.Caused(error))
        {
            return new Status(StatusCode.ResourceExhausted, StorageFull.Message);
        }

        if (error is ServiceOverloadedException)
        {
            return new Status(StatusCode.ResourceExhausted, EchoedInput.BoundDetail(error.Message));
        }

        if (error is RpcException rpc)
        {
            return new Status(rpc.StatusCode, EchoedInput.BoundDetail(rpc.Status.Detail));
        }

        return new Status(StatusCode.Internal, "The service failed unexpectedly while handling this call; the error is in its log.");
    }

    private RpcException Translate(Exception error, ServerCallContext context, GrpcCallMetrics.Call call)
    {
        var translated = ToRpcException(error, context.Method, context.CancellationToken);
        call.End(translated.StatusCode);
        return translated;
    }

    /// <summary>What a call of <paramref name="method"/> that failed with <paramref name="error"/> throws to its caller: the status and its trailers.</summary>
    public RpcException ToRpcException(Exception error, string method, CancellationToken callCancelled)
    {
        var status = ToStatus(error, callCancelled);
        if (status.StatusCode == StatusCode.Internal && error is not RpcException)
        {
            logger.LogError(error, "Unexpected failure in {Method}", method);
        }
        else if (status.StatusCode == StatusCode.ResourceExhausted && StorageFull.Caused(error))
        {
            logger.LogError(error, "Storage full in {Method}: the call stored nothing", method);
        }

        foreach (var observer in observers)
        {
            observer.Failed(method, status.StatusCode);
        }

        return new RpcException(status, error switch
        {
            RpcException rpc => rpc.Trailers,
            ServiceOverloadedException overloaded => RetryAfter.Trailers(overloaded.RetryAfter),
            _ => [],
        });
    }
}
