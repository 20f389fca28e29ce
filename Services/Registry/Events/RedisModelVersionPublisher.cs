using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Registry.Grpc;
using Mlops.Registry.Model;
using StackExchange.Redis;

namespace Mlops.Registry.Events;

/// <summary>Publishes every newly registered version (protobuf JSON of ModelVersion) on the Redis channel "mlops:models"; best effort, off the caller's path.</summary>
public sealed partial class RedisModelVersionPublisher(IServiceProvider services, ILogger<RedisModelVersionPublisher> logger) : IModelVersionSink
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("mlops:models");

    public void Publish(RegisteredVersion version)
    {
        var payload = version.ToContractJson();
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
                LogPublishFailed(logger, error, version.ModelName, version.Version);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the registration of {Model} version {Version} on Redis")]
    private static partial void LogPublishFailed(ILogger logger, Exception error, string model, int version);
}
