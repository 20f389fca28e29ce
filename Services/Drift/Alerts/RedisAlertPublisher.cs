using Microsoft.Extensions.Logging;
using Mlops.Drift.Model;
using StackExchange.Redis;

namespace Mlops.Drift.Alerts;

/// <summary>Publishes alerts on the Redis channel "mlops:alerts" when this process has Redis; best effort, off the caller's path.</summary>
public sealed partial class RedisAlertPublisher(IServiceProvider services, ILogger<RedisAlertPublisher> logger) : IAlertSink
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("mlops:alerts");

    public void Publish(DriftAlert alert)
    {
        var payload = AlertJson.Format(alert);
        _ = Task.Run(async () =>
        {
            try
            {
                if (services.GetService(typeof(IConnectionMultiplexer)) is IConnectionMultiplexer redis)
                {
                    await redis.GetSubscriber().PublishAsync(Channel, payload);
                }
            }
            catch (Exception error) when (error is RedisException or TimeoutException or ObjectDisposedException)
            {
                LogPublishFailed(logger, error, alert.Id);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish alert {AlertId} on Redis; it is stored, watched and sent to webhooks anyway")]
    private static partial void LogPublishFailed(ILogger logger, Exception error, string alertId);
}
