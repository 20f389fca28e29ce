using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mlops.Client;

/// <summary>
/// Puts an <see cref="AdaptiveThrottle"/> in front of a channel's unary calls:
/// <c>new InferenceService.InferenceServiceClient(channel.Intercept(new AdaptiveThrottlingInterceptor(new AdaptiveThrottle())))</c>.
/// A call the throttle turns away fails at once with <see cref="ClientThrottledException"/> (RESOURCE_EXHAUSTED)
/// and nothing is sent. Streaming calls pass through: one stream is one admission, decided by the service.
/// </summary>
public sealed class AdaptiveThrottlingInterceptor(AdaptiveThrottle throttle) : Interceptor
{
    public AdaptiveThrottle Throttle { get; } = throttle;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!Throttle.TrySend())
        {
            var error = Throttle.TurnedAwayError();
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(error), Task.FromResult(new Metadata()), () => error.Status, () => [], () => { });
        }

        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(ObserveAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!Throttle.TrySend())
        {
            throw Throttle.TurnedAwayError();
        }

        try
        {
            var response = continuation(request, context);
            Throttle.RecordAccepted();
            return response;
        }
        catch (RpcException e)
        {
            Record(e.Status);
            throw;
        }
    }

    private async Task<TResponse> ObserveAsync<TResponse>(Task<TResponse> response)
    {
        try
        {
            var answer = await response.ConfigureAwait(false);
            Throttle.RecordAccepted();
            return answer;
        }
        catch (RpcException e)
        {
            Record(e.Status);
            throw;
        }
    }

    private void Record(Status status)
    {
        if (AdaptiveThrottle.IsRefusal(status.StatusCode))
        {
            Throttle.RecordRefused(status);
        }
        else if (status.StatusCode != StatusCode.Cancelled)
        {
            // The service answered, if only to say the request was wrong: it is not overloaded.
            Throttle.RecordAccepted();
        }
    }
}
