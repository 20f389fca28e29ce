using Google.Protobuf;
using Mlops.Ingestion.V1;
using StackExchange.Redis;

namespace Mlops.Ingestion.Events;

/// <summary>
/// Publishes every new version as a JSON DatasetEvent on the Redis channel <see cref="Channel"/> when the
/// process has a Redis connection. Best effort: a failure is logged and the import still succeeds.
/// </summary>
public sealed class RedisDatasetEventPublisher(IServiceProvider services, ILogger<RedisDatasetEventPublisher> logger) : IDatasetVersionListener
{
    public const string Channel = "mlops:datasets";

    public void OnCreated(DatasetVersion version)
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            return;
        }

        var message = JsonFormatter.Default.Format(new DatasetEvent { Version = version });
        _ = PublishAsync(redis, message, version.Id);
    }

    private async Task PublishAsync(IConnectionMultiplexer redis, string message, string id)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), message);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Could not publish dataset version {DatasetVersionId} on Redis channel {Channel}", id, Channel);
        }
    }
}
