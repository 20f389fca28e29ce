using System.Diagnostics;
using System.Runtime.InteropServices;
using Mlops.Inference.V1;
using Mlops.TestSupport;
using StackExchange.Redis;

namespace Mlops.Inference.Tests;

/// <summary>The stack with a real Redis; with <paramref name="sharesAnswers"/> its prediction cache shares answers through it.</summary>
public class RedisStack(bool sharesAnswers = true) : InferenceStack
{
    public RedisServer Redis { get; private set; } = null!;

    protected override IReadOnlyList<string> ModelNames => ["fashion"];

    protected override IReadOnlyDictionary<string, string?> ExtraEnvironment =>
        new Dictionary<string, string?>
        {
            // Fail fast and keep retrying in the background, so a dead Redis costs requests nothing.
            ["ConnectionStrings__cache"] = $"{Redis.ConnectionString},abortConnect=false,connectTimeout=1000",
            ["Inference__Cache__Shared"] = sharesAnswers ? "true" : "false",
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
    public async Task Answers_are_shared_through_redis_and_keep_coming_when_redis_dies()
    {
        var first = await stack.Client.PredictAsync(Requests.Raw(7));
        Assert.False(first.Cached);

        // The answer reaches Redis in the background, where every replica finds it.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.ConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await RedisHolds(redis, first.Probabilities) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(await RedisHolds(redis, first.Probabilities), "the answer never reached Redis");
        var again = await stack.Client.PredictAsync(Requests.Raw(7));
        Assert.True(again.Cached, "the repeated image was computed again");

        // 50 new images with Redis up (a miss and a store each) set the pace of this machine under its current load.
        var timer = Stopwatch.StartNew();
        for (var index = 100; index < 150; index++)
        {
            await stack.Client.PredictAsync(Requests.Raw(index));
        }

        var withRedis = timer.Elapsed;
        await stack.Redis.StopAsync();
        timer.Restart();
        for (var index = 200; index < 250; index++)
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

    private static async Task<bool> RedisHolds(ConnectionMultiplexer redis, IEnumerable<float> probabilities)
    {
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: "inference:fashion:*"))
        {
            // Microsoft.Extensions.Caching.StackExchangeRedis keeps an entry as a hash whose "data" field is the value.
            var bytes = (byte[]?)await redis.GetDatabase().HashGetAsync(key, "data");
            if (bytes is not null && MemoryMarshal.Cast<byte, float>(bytes).ToArray().SequenceEqual(probabilities))
            {
                return true;
            }
        }

        return false;
    }
}

public sealed class InProcessCacheTests : IAsyncLifetime
{
    private readonly RedisStack stack = new(sharesAnswers: false);

    public Task InitializeAsync() => stack.InitializeAsync();

    public Task DisposeAsync() => stack.DisposeAsync();

    [Fact]
    public async Task By_default_repeats_are_answered_from_memory_without_a_redis_round_trip()
    {
        var first = await stack.Client.PredictAsync(Requests.Raw(11));
        var again = await stack.Client.PredictAsync(Requests.Raw(11));
        var other = await stack.Client.PredictAsync(Requests.Raw(12));

        Assert.False(first.Cached);
        Assert.True(again.Cached, "a repeated image was computed again");
        Assert.Equal(first.Probabilities, again.Probabilities);
        Assert.False(other.Cached);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.ConnectionString);
        var answers = new List<RedisKey>();
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: "inference:*"))
        {
            answers.Add(key);
        }

        Assert.Empty(answers);
    }
}
