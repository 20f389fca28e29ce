using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mlops.Inference.V1;
using Mlops.TestSupport;

namespace Mlops.Client.Tests;

public sealed class ConcurrencyLimitingInterceptorTests : IAsyncLifetime
{
    private LoopbackInference _server = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackInference.StartAsync();
        _channel = GrpcChannel.ForAddress(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_call_beyond_the_limit_fails_at_once_unsent_and_answers_raise_the_limit()
    {
        var limit = new ConcurrencyLimit(new ConcurrencyLimitOptions { InitialLimit = 2 });
        var client = new InferenceService.InferenceServiceClient(_channel.Intercept(new ConcurrencyLimitingInterceptor(limit)));
        _server.Mode = LoopbackInference.Behaviour.Hold;

        var held = new[] { client.PredictAsync(new PredictRequest()).ResponseAsync, client.PredictAsync(new PredictRequest()).ResponseAsync };
        await Condition.WaitForAsync("both calls to reach the server", () => Task.FromResult(_server.Received == 2 ? "" : null), TimeSpan.FromMinutes(1));
        var turnedAway = await Assert.ThrowsAsync<ClientThrottledException>(() => client.PredictAsync(new PredictRequest()).ResponseAsync);
        var blocking = Assert.Throws<ClientThrottledException>(() => client.Predict(new PredictRequest()));

        Assert.Equal(StatusCode.ResourceExhausted, turnedAway.StatusCode);
        Assert.Contains("2 calls in flight", turnedAway.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, _server.Received);
        _server.ReleaseHeld();
        Assert.All(await Task.WhenAll(held), answer => Assert.Equal(7, answer.Label));
        Assert.Equal(3, limit.Limit);
        Assert.Equal(0, limit.InFlight);
    }

    [Fact]
    public async Task Refusals_shrink_the_limit_invalid_requests_do_not_and_cancelled_calls_give_their_place_back()
    {
        var limit = new ConcurrencyLimit(new ConcurrencyLimitOptions { InitialLimit = 10, BackoffRatio = 0.5 });
        var client = new InferenceService.InferenceServiceClient(_channel.Intercept(new ConcurrencyLimitingInterceptor(limit)));

        _server.Mode = LoopbackInference.Behaviour.RefuseAsFull;
        await Assert.ThrowsAsync<RpcException>(() => client.PredictAsync(new PredictRequest()).ResponseAsync);
        Assert.Throws<RpcException>(() => client.Predict(new PredictRequest()));
        Assert.Equal(2, limit.Limit);

        _server.Mode = LoopbackInference.Behaviour.RejectAsInvalid;
        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.PredictAsync(new PredictRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(2, limit.Limit);

        _server.Mode = LoopbackInference.Behaviour.Hold;
        using var cancel = new CancellationTokenSource();
        var call = client.PredictAsync(new PredictRequest(), cancellationToken: cancel.Token).ResponseAsync;
        await Condition.WaitForAsync("the call to reach the server", () => Task.FromResult(_server.Received == 4 ? "" : null), TimeSpan.FromMinutes(1));
        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(() => call);

        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        Assert.Equal(2, limit.Limit);
        Assert.Equal(0, limit.InFlight);
        _server.ReleaseHeld();
    }

    [Fact]
    public void A_blocking_call_is_limited_and_counted_like_an_async_one()
    {
        var limit = new ConcurrencyLimit(new ConcurrencyLimitOptions { InitialLimit = 1 });
        var client = new InferenceService.InferenceServiceClient(_channel.Intercept(new ConcurrencyLimitingInterceptor(limit)));
        _server.Mode = LoopbackInference.Behaviour.Answer;

        Assert.Equal(7, client.Predict(new PredictRequest()).Label);

        Assert.Equal(2, limit.Limit);
        Assert.Equal(0, limit.InFlight);
    }

    [Fact]
    public void A_call_that_fails_in_the_client_gives_its_place_back_and_leaves_the_limit_alone()
    {
        var limit = new ConcurrencyLimit(new ConcurrencyLimitOptions { InitialLimit = 1 });
        var interceptor = new ConcurrencyLimitingInterceptor(limit);
        var method = new Method<PredictRequest, Prediction>(MethodType.Unary, "test", "Predict", Marshallers.Create(_ => [], _ => new PredictRequest()), Marshallers.Create(_ => [], _ => new Prediction()));
        var context = new ClientInterceptorContext<PredictRequest, Prediction>(method, null, new CallOptions());

        Assert.Throws<ObjectDisposedException>(() => interceptor.AsyncUnaryCall(new PredictRequest(), context, (_, _) => throw new ObjectDisposedException("channel")));
        Assert.Throws<ObjectDisposedException>(() => interceptor.BlockingUnaryCall(new PredictRequest(), context, (_, _) => throw new ObjectDisposedException("channel")));

        Assert.Equal(1, limit.Limit);
        Assert.Equal(0, limit.InFlight);
    }
}
