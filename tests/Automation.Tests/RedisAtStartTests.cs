using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mlops.Automation.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Mlops.Automation.Tests;

/// <summary>
/// The real automation service started before its Redis (as containers or pods start in any order): it keeps serving,
/// says in its log that Redis is unreachable and that it tries again, and acts on Redis events once Redis is up.
/// </summary>
public sealed class RedisAtStartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Rule = "promote-new-versions";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);

    private readonly string folder = Directory.CreateTempSubdirectory("mlops-automation-redis-start-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Started_while_Redis_is_unreachable_it_keeps_serving_and_acts_on_Redis_events_once_Redis_is_up()
    {
        var rulesFile = Path.Combine(folder, "automations.yml");
        File.WriteAllText(rulesFile, $$"""
            rules:
              - name: {{Rule}}
                trigger: { on: model_registered, model: fashion }
                action: { do: promote }
                dry_run: true
            """);
        var redisPort = FreePort.Next();
        // The peers are addresses where nothing listens: an event can only arrive through Redis.
        var nowhere = $"http://127.0.0.1:{FreePort.Next()}";
        await using var automation = await ServiceProcess.StartAsync("Automation", new Dictionary<string, string?>
        {
            ["DataRoot"] = Path.Combine(folder, "data"),
            ["Automation__RulesFile"] = rulesFile,
            ["ConnectionStrings__cache"] = $"127.0.0.1:{redisPort}",
            ["Services__ingestion"] = nowhere,
            ["Services__training"] = nowhere,
            ["Services__registry"] = nowhere,
            ["Services__drift"] = nowhere,
        }, output.WriteLine);
        var client = new AutomationService.AutomationServiceClient(automation.Channel);

        await EventuallyAsync(() => Task.FromResult(automation.Output.Contains($"Redis (127.0.0.1:{redisPort}) is unreachable", StringComparison.Ordinal)),
            "the service never said that Redis is unreachable");
        // Still serving after its first failed attempts (the service used to stop here, with exit code 0).
        await EventuallyAsync(() => Task.FromResult(CountOf(automation.Output, "is unreachable") >= 3),
            "the service did not keep trying to reach Redis");
        Assert.Equal([Rule], (await client.ListRulesAsync(new ListRulesRequest())).Rules.Select(rule => rule.Name));

        await using var redis = await RedisServer.StartOnAsync(redisPort);
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var registered = JsonFormatter.Default.Format(new ModelVersion
        {
            ModelName = "fashion",
            Version = 7,
            CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Lineage = new Lineage { DatasetVersion = "some-version" },
        });
        // Published until it is acted on: the service subscribes at its next attempt, and pub/sub keeps nothing for later.
        var firing = await EventuallyAsync(async () =>
        {
            await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal("mlops:models"), registered);
            return (await client.ListFiringsAsync(new ListFiringsRequest { Rule = Rule })).Firings.FirstOrDefault(f => f.Outcome != "started");
        }, $"the registered version published on Redis was never acted on. Log:\n{automation.Output}");

        Assert.Equal("dry_run", firing.Outcome);
        Assert.Contains("fashion/7", firing.Detail, StringComparison.Ordinal);
        // Logged after the subscription is made, it can reach the process's output after the event was acted on.
        await EventuallyAsync(() => Task.FromResult(automation.Output.Contains("Listening on Redis", StringComparison.Ordinal)),
            $"the service never said it listens on Redis. Log:\n{automation.Output}");
        // The same event seen again on Redis is not acted on twice.
        Assert.Single((await client.ListFiringsAsync(new ListFiringsRequest { Rule = Rule })).Firings);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static async Task EventuallyAsync(Func<Task<bool>> probe, string failure) =>
        await EventuallyAsync(async () => await probe() ? "" : null, failure);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string failure) where T : class
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Limit)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"After {Limit.TotalSeconds:0} s: {failure}");
    }
}
