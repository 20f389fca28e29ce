using StackExchange.Redis;

namespace Mlops.Automation.Events;

/// <summary>
/// Listens on the platform's Redis channels and queues what arrives. Pub/sub forgets messages sent while nobody
/// listens; the catch-up from <see cref="IEventHistory"/> covers those, and a reconnect triggers it.
/// </summary>
public sealed partial class RedisEventSubscriber(IConnectionMultiplexer redis, EventQueue queue, ILogger<RedisEventSubscriber> logger)
{
    public static readonly IReadOnlyList<string> Channels = ["mlops:datasets", "mlops:models", "mlops:aliases", "mlops:alerts"];

    public async Task SubscribeAsync(Action onReconnected)
    {
        var subscriber = redis.GetSubscriber();
        foreach (var name in Channels)
        {
            await subscriber.SubscribeAsync(RedisChannel.Literal(name), (channel, message) => Receive(channel.ToString(), message.ToString()));
        }

        redis.ConnectionRestored += (_, _) => onReconnected();
    }

    public void Receive(string channel, string payload)
    {
        try
        {
            if (Clients.EventPayloads.Parse(channel, payload) is { } platformEvent)
            {
                queue.Enqueue(platformEvent);
            }
        }
        catch (FormatException error)
        {
            LogUnreadable(logger, error, channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a message on {Channel} that could not be read")]
    private static partial void LogUnreadable(ILogger logger, Exception error, string channel);
}
