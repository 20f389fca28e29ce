using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mlops.Inference.V1;
using Mlops.TestSupport;

namespace Mlops.Client.Tests;

public sealed class AdaptiveThrottlingInterceptorTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
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
    public async Task A_refusing_service_receives_a_few_probes_and_the_rest_fail_at_once_without_being_sent()
    {
        var (client, throttle) = ThrottledClient();
        _server.Mode = LoopbackInference.Behaviour.RefuseAsFull;

        var errors = new List<RpcException>();
        for (var i = 0; i < 500; i++)
        {
            errors.Add(await Assert.ThrowsAnyAsync<RpcException>(() => client.PredictAsync(new PredictRequest { ModelName = "fashion" }).ResponseAsync));
        }

        Assert.All(errors, error => Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode));
        var turnedAway = errors.OfType<ClientThrottledException>().ToList();
        Assert.Equal(500 - _server.Received, turnedAway.Count);
        // Probability (requests − K · 0) / (requests + 1) after each refusal: only a handful more reach the service.
        Assert.InRange(_server.Received, 1, 50);
        Assert.Equal(turnedAway.Count, throttle.Counts.TurnedAway);
        Assert.Contains("the batch queue is full", turnedAway[^1].Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_service_answers_again_every_call_is_sent_once_the_window_has_passed()
    {
        var (client, _) = ThrottledClient();
        _server.Mode = LoopbackInference.Behaviour.RefuseAsFull;
        for (var i = 0; i < 100; i++)
        {
            await Assert.ThrowsAnyAsync<RpcException>(() => client.PredictAsync(new PredictRequest()).ResponseAsync);
        }

        _server.Mode = LoopbackInference.Behaviour.Answer;
        _clock.Advance(new AdaptiveThrottleOptions().Window);
        var before = _server.Received;
        for (var i = 0; i < 100; i++)
        {
            var prediction = await client.PredictAsync(new PredictRequest { RequestId = $"r{i}" });
            Assert.Equal($"r{i}", prediction.RequestId);
        }

        Assert.Equal(before + 100, _server.Received);
    }

    [Fact]
    public async Task Answers_that_say_the_request_was_wrong_are_not_overload_and_every_call_is_sent()
    {
        var (client, throttle) = ThrottledClient();
        _server.Mode = LoopbackInference.Behaviour.RejectAsInvalid;

        for (var i = 0; i < 200; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.PredictAsync(new PredictRequest()).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        }

        Assert.Equal(200, _server.Received);
        Assert.Equal(new AdaptiveThrottleCounts(200, 200, 0), throttle.Counts);
    }

    [Fact]
    public void Blocking_calls_are_throttled_the_same_way()
    {
        var (client, throttle) = ThrottledClient();
        _server.Mode = LoopbackInference.Behaviour.RefuseAsFull;

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(StatusCode.ResourceExhausted, Assert.ThrowsAny<RpcException>(() => client.Predict(new PredictRequest())).StatusCode);
        }

        Assert.InRange(_server.Received, 1, 40);
        Assert.Equal(200 - _server.Received, throttle.Counts.TurnedAway);

        _server.Mode = LoopbackInference.Behaviour.Answer;
        _clock.Advance(new AdaptiveThrottleOptions().Window);
        Assert.Equal(7, client.Predict(new PredictRequest()).Label);
    }

    private (InferenceService.InferenceServiceClient Client, AdaptiveThrottle Throttle) ThrottledClient()
    {
        var throttle = new AdaptiveThrottle(time: _clock, random: new Random(3).NextDouble);
        return (new InferenceService.InferenceServiceClient(_channel.Intercept(new AdaptiveThrottlingInterceptor(throttle))), throttle);
    }
}
