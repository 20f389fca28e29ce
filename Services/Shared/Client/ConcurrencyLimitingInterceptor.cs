using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mlops.Client;

/// <summary>
/// Puts a <see cref="ConcurrencyLimit"/> in front of a channel's unary calls:
/// <c>channel.Intercept(new ConcurrencyLimitingInterceptor(new ConcurrencyLimit(new() { LatencyTarget = TimeSpan.FromMilliseconds(100) })))</c>.
/// A call beyond the limit fails at once with <see cref="ClientThrottledException"/> (RESOURCE_EXHAUSTED) and nothing
/// is sent. Streaming calls pass through: one stream is one admission, decided by the service.
/// </summary>
public sealed class ConcurrencyLimitingInterceptor(ConcurrencyLimit limit) : Interceptor
{
    public ConcurrencyLimit Limit { get; } = limit;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!Limit.TryAcquire())
        {
            var error = TurnedAway();
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(error), Task.FromResult(new Metadata()), () => error.Status, () => [], () => { });
        }

        var started = Stopwatch.GetTimestamp();
        AsyncUnaryCall<TResponse> call;
        try
        {
            call = continuation(request, context);
        }
        catch (Exception error)
        {
            Release(error, started);
            throw;
        }

        return new AsyncUnaryCall<TResponse>(ObserveAsync(call.ResponseAsync, started), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!Limit.TryAcquire())
        {
            throw TurnedAway();
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = continuation(request, context);
            Limit.ReleaseAnswered(Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception error)
        {
            Release(error, started);
            throw;
        }
    }

    private async Task<TResponse> ObserveAsync<TResponse>(Task<TResponse> response, long started)
    {
        try
        {
            var answer = await response.ConfigureAwait(false);
            Limit.ReleaseAnswered(Stopwatch.GetElapsedTime(started));
            return answer;
        }
        catch (Exception error)
        {
            Release(error, started);
            throw;
        }
    }

    private void Release(Exception error, long started)
    {
        var code = (error as RpcException)?.StatusCode;
        if (code is { } status && AdaptiveThrottle.IsRefusal(status))
        {
            Limit.ReleaseRefused();
        }
        else if (code is null or StatusCode.Cancelled)
        {
            // Failed in the client, or its caller gave up: nothing learnt of the service.
            Limit.ReleaseIgnored();
        }
        else
        {
            // The service answered, if only to say the request was wrong: it is working.
            Limit.ReleaseAnswered(Stopwatch.GetElapsedTime(started));
        }
    }

    private ClientThrottledException TurnedAway() => new(
        $"Not sent: this client already has {Limit.InFlight} calls in flight, its limit while the service is refusing or slow; retry shortly.");
}
