using System.Diagnostics;
using System.Text.Json;
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

    [PrometheusFact]
    public async Task Prometheus_started_by_the_apphost_scrapes_every_service_with_the_alert_rules_loaded()
    {
        Assert.True(PlatformWithRedis.WithPrometheus);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("prometheus", timeout.Token);
        var prometheus = platform.App.GetEndpoint("prometheus", "http");
        using var http = new HttpClient();

        var waited = Stopwatch.StartNew();
        string targets;
        while (true)
        {
            targets = await http.GetStringAsync(new Uri(prometheus, "/api/v1/targets?state=active"), timeout.Token);
            using var json = JsonDocument.Parse(targets);
            var up = json.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .Where(target => target.GetProperty("health").GetString() == "up")
                .Select(target => target.GetProperty("labels").GetProperty("job").GetString())
                .ToHashSet();
            if (PlatformFixture.Services.All(up.Contains))
            {
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(240), $"Not every service is scraped after {waited.Elapsed.TotalSeconds:0} s: {targets}");
            await Task.Delay(500, timeout.Token);
        }

        var rules = await http.GetStringAsync(new Uri(prometheus, "/api/v1/rules"), timeout.Token);
        Assert.Contains("\"name\":\"PredictLatencyP99High\"", rules, StringComparison.Ordinal);
        var query = await http.GetStringAsync(new Uri(prometheus, "/api/v1/query?query=count%20by%20(job)%20(http_server_request_duration_seconds_count)"), timeout.Token);
        Assert.Contains("\"job\":\"inference\"", query, StringComparison.Ordinal);
    }
}
