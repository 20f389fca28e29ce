using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Registry.Model;
using StackExchange.Redis;

namespace Mlops.Registry.Events;

/// <summary>Publishes alias changes on the Redis channel "mlops:aliases" when this process has Redis; best effort, off the caller's path.</summary>
public sealed partial class RedisAliasPublisher(IServiceProvider services, ILogger<RedisAliasPublisher> logger) : IAliasChangeSink
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("mlops:aliases");

    public void Publish(AliasMove change)
    {
        var payload = AliasChangeJson.Serialize(change);
        _ = Task.Run(async () =>
        {
            try
            {
                if (services.GetService<IConnectionMultiplexer>() is { } redis)
                {
                    await redis.GetSubscriber().PublishAsync(Channel, payload);
                }
            }
            catch (Exception error) when (error is RedisException or TimeoutException or ObjectDisposedException)
            {
                LogPublishFailed(logger, error, change.ModelName, change.Alias);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the change of {Model}@{Alias} on Redis; watchers and webhooks still get it")]
    private static partial void LogPublishFailed(ILogger logger, Exception error, string model, string alias);
}
