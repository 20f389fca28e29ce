using System.Text.Json;
using System.Threading.Channels;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using StackExchange.Redis;

namespace Mlops.Registry.Tests;

/// <summary>With Redis configured, alias changes are also published on the "mlops:aliases" channel (Debian's redis-server).</summary>
public sealed class RedisEventTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Alias_changes_are_published_on_the_redis_channel()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is not installed (apt-get install redis-server).");
        await using var redis = await RedisServer.StartAsync();
        using var subscriber = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var messages = Channel.CreateUnbounded<string>();
        await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Literal("mlops:aliases"), (_, message) => messages.Writer.TryWrite(message!));
        await using var registry = await RegistryProcess.StartAsync(output, new Dictionary<string, string?>
        {
            ["ConnectionStrings__cache"] = redis.ConnectionString,
        });
        await registry.Client.RegisterAsync("redis-model", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);

        await registry.Client.SetAliasAsync(new SetAliasRequest { ModelName = "redis-model", Alias = "staging", Version = 1, Actor = "ci" });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var message = JsonDocument.Parse(await messages.Reader.ReadAsync(timeout.Token));
        Assert.Equal("redis-model", message.RootElement.GetProperty("model").GetString());
        Assert.Equal("staging", message.RootElement.GetProperty("alias").GetString());
        Assert.Equal(1, message.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("ci", message.RootElement.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Newly_registered_versions_are_published_on_the_models_channel_for_the_automation()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is not installed (apt-get install redis-server).");
        await using var redis = await RedisServer.StartAsync();
        using var subscriber = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var messages = Channel.CreateUnbounded<string>();
        await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Literal("mlops:models"), (_, message) => messages.Writer.TryWrite(message!));
        await using var registry = await RegistryProcess.StartAsync(output, new Dictionary<string, string?>
        {
            ["ConnectionStrings__cache"] = redis.ConnectionString,
        });

        var registered = await registry.Client.RegisterAsync("published-model", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var message = Google.Protobuf.JsonParser.Default.Parse<ModelVersion>(await messages.Reader.ReadAsync(timeout.Token));
        Assert.Equal("published-model", message.ModelName);
        Assert.Equal(registered.Version, message.Version);
        Assert.Equal(registered.OnnxSha256, message.OnnxSha256);
    }
}
