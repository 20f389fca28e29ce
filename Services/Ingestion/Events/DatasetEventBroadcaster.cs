using System.Threading.Channels;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Events;

/// <summary>
/// Hands every new version to the watchers in this process (WatchDatasets). A watcher that falls more than
/// <see cref="Backlog"/> events behind loses the oldest, so a slow client never holds up an import.
/// </summary>
public sealed class DatasetEventBroadcaster : IDatasetVersionListener
{
    public const int Backlog = 256;
    private readonly Lock gate = new();
    private readonly List<Subscription> subscriptions = [];

    public Subscription Subscribe(string? name)
    {
        var subscription = new Subscription(this, string.IsNullOrEmpty(name) ? null : name);
        lock (gate)
        {
            subscriptions.Add(subscription);
        }

        return subscription;
    }

    public void OnCreated(DatasetVersion version)
    {
        lock (gate)
        {
            foreach (var subscription in subscriptions)
            {
                if (subscription.Name is null || subscription.Name == version.Name)
                {
                    subscription.Writer.TryWrite(version);
                }
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            subscriptions.Remove(subscription);
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly DatasetEventBroadcaster owner;
        private readonly Channel<DatasetVersion> channel =
            Channel.CreateBounded<DatasetVersion>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest });

        internal Subscription(DatasetEventBroadcaster owner, string? name)
        {
            this.owner = owner;
            Name = name;
        }

        public string? Name { get; }

        public ChannelReader<DatasetVersion> Reader => channel.Reader;

        internal ChannelWriter<DatasetVersion> Writer => channel.Writer;

        public void Dispose()
        {
            owner.Remove(this);
            channel.Writer.TryComplete();
        }
    }
}
