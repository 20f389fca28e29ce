using StackExchange.Redis;

namespace Mlops.EndToEnd.Tests;

[Collection(PlatformWithRedisCollection.Name)]
public sealed class StackWithRedisTests(PlatformWithRedis platform)
{
    [Fact]
    public async Task Every_service_is_healthy_and_answers_a_real_call() =>
        await ServiceCalls.AssertEachServiceAnswersAsync(platform);

    [Fact]
    public async Task The_cache_is_a_real_redis_that_answers_commands()
    {
        var connectionString = await platform.App.GetConnectionStringAsync("cache");
        Assert.False(string.IsNullOrWhiteSpace(connectionString));

        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        var database = redis.GetDatabase();
        await database.StringSetAsync("e2e:probe", "42");
        Assert.Equal("42", (string?)await database.StringGetAsync("e2e:probe"));
        // The answer itself, not how fast it came: a loaded machine may take its time.
        Assert.Equal("PONG", (string?)await database.ExecuteAsync("PING"));
    }

    [Fact]
    public async Task A_bad_reference_gets_not_found_with_a_clear_message() =>
        await ServiceCalls.AssertUnknownDatasetIsNotFoundAsync(platform);
}
