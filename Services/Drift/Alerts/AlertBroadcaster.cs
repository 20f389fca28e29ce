using System.Collections.Concurrent;
using System.Threading.Channels;
using Mlops.Drift.Model;

namespace Mlops.Drift.Alerts;

/// <summary>Hands each new alert to every WatchAlerts caller subscribed to its model (or to every model).</summary>
public sealed class AlertBroadcaster : IAlertSink
{
    private readonly ConcurrentDictionary<Subscription, byte> subscriptions = new();

    public Subscription Subscribe(string? modelName)
    {
        var subscription = new Subscription(this, string.IsNullOrEmpty(modelName) ? null : modelName);
        subscriptions[subscription] = 0;
        return subscription;
    }

    public void Publish(DriftAlert alert)
    {
        foreach (var subscription in subscriptions.Keys)
        {
            if (subscription.ModelName is null || subscription.ModelName == alert.Model.Name)
            {
                subscription.Writer.TryWrite(alert);
            }
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly AlertBroadcaster owner;
        private readonly Channel<DriftAlert> channel = Channel.CreateBounded<DriftAlert>(
            new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        internal Subscription(AlertBroadcaster owner, string? modelName)
        {
            this.owner = owner;
            ModelName = modelName;
        }

        public string? ModelName { get; }

        public ChannelReader<DriftAlert> Reader => channel.Reader;

        internal ChannelWriter<DriftAlert> Writer => channel.Writer;

        public void Dispose()
        {
            owner.subscriptions.TryRemove(this, out _);
            channel.Writer.TryComplete();
        }
    }
}
