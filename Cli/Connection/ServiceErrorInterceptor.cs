using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mlops.Cli.Connection;

/// <summary>Tags every failed call with the service it went to, so one handler can name the address that did not answer.</summary>
public sealed class ServiceErrorInterceptor(ServiceEndpoint service) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(Translate(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(
            new TranslatingReader<TResponse>(call.ResponseStream, this), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            new TranslatingWriter<TRequest>(call.RequestStream, this), Translate(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<T> Translate<T>(Task<T> response)
    {
        try
        {
            return await response;
        }
        catch (RpcException error)
        {
            throw new ServiceException(service, error);
        }
    }

    private async Task Translate(Task operation)
    {
        try
        {
            await operation;
        }
        catch (RpcException error)
        {
            throw new ServiceException(service, error);
        }
    }

    private sealed class TranslatingReader<T>(IAsyncStreamReader<T> inner, ServiceErrorInterceptor owner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public Task<bool> MoveNext(CancellationToken cancellationToken) => owner.Translate(inner.MoveNext(cancellationToken));
    }

    private sealed class TranslatingWriter<T>(IClientStreamWriter<T> inner, ServiceErrorInterceptor owner) : IClientStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => owner.Translate(inner.WriteAsync(message));

        public Task WriteAsync(T message, CancellationToken cancellationToken) => owner.Translate(inner.WriteAsync(message, cancellationToken));

        public Task CompleteAsync() => owner.Translate(inner.CompleteAsync());
    }
}
