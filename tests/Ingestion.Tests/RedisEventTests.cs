using System.Threading.Channels;
using Google.Protobuf;
using Mlops.Ingestion.Events;
using Mlops.Ingestion.V1;
using StackExchange.Redis;

namespace Mlops.Ingestion.Tests;

public sealed class RedisEventTests(IngestionServiceWithRedis service) : IClassFixture<IngestionServiceWithRedis>
{
    [RedisFact]
    public async Task A_new_version_is_published_on_the_datasets_channel()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{service.RedisPort}");
        var received = Channel.CreateUnbounded<string>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisDatasetEventPublisher.Channel),
            (_, message) => received.Writer.TryWrite(message!));

        var request = ServiceCalls.IdxImport("published", TestData.SampleFolder);
        var imported = await service.Client.ImportDatasetAsync(request);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var published = JsonParser.Default.Parse<DatasetEvent>(await received.Reader.ReadAsync(timeout.Token));
        Assert.Equal(imported.Version.Id, published.Version.Id);
        Assert.Equal("published", published.Version.Name);
    }
}
