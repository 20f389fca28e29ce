using System.Diagnostics;
using Mlops.Inference.V1;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

/// <summary>The stack with its prediction cache in a real Redis.</summary>
public class RedisStack : InferenceStack
{
    public RedisServer Redis { get; private set; } = null!;

    protected override IReadOnlyList<string> ModelNames => ["fashion"];

    protected override IReadOnlyDictionary<string, string?> ExtraEnvironment =>
        new Dictionary<string, string?>
        {
            // Fail fast and keep retrying in the background, so a dead Redis costs requests nothing.
            ["ConnectionStrings__cache"] = $"{Redis.ConnectionString},abortConnect=false,connectTimeout=1000",
        };

    public override async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }
}

public sealed class RedisCacheTests : IAsyncLifetime
{
    private readonly RedisStack stack = new();

    public Task InitializeAsync() => stack.InitializeAsync();

    public Task DisposeAsync() => stack.DisposeAsync();

    [Fact]
    public async Task Answers_come_from_redis_and_keep_coming_when_redis_dies()
    {
        var first = await stack.Client.PredictAsync(Requests.Raw(7));
        Assert.False(first.Cached);

        // On a starved machine a lookup can exceed the cache timeout and open the breaker for a while; then it is tried again.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        Prediction again;
        while (!(again = await stack.Client.PredictAsync(Requests.Raw(7))).Cached && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(again.Cached, "the repeated image was never answered from Redis");
        Assert.Equal(first.Probabilities, again.Probabilities);

        // 50 new images with Redis up (a miss and a store each) set the pace of this machine under its current load.
        var timer = Stopwatch.StartNew();
        for (var index = 100; index < 150; index++)
        {
            await stack.Client.PredictAsync(Requests.Raw(index));
        }

        var withRedis = timer.Elapsed;
        await stack.Redis.StopAsync();
        timer.Restart();
        for (var index = 0; index < 50; index++)
        {
            var answer = await stack.Client.PredictAsync(Requests.Raw(index));
            Assert.False(answer.Cached);
        }

        // Relative to that pace, not in absolute seconds: a request that waited for Redis' own timeout (5 s) would cost
        // 50 such waits, far beyond ten times what the same requests cost with Redis up.
        var withoutRedis = timer.Elapsed;
        Assert.True(withoutRedis < 10 * withRedis + TimeSpan.FromSeconds(5),
            $"50 requests with Redis down took {withoutRedis.TotalSeconds:0.0} s, with Redis up {withRedis.TotalSeconds:0.0} s");
        using var http = new HttpClient { BaseAddress = stack.Inference.HttpAddress };
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("result=\"bypass\"", metrics, StringComparison.Ordinal);
    }
}
