using System.Threading.Channels;
using Mlops.Registry.Model;

namespace Mlops.Registry.Events;

/// <summary>Hands every alias change to each in-process watcher (the WatchAliases streams); a watcher that falls too far behind is cut off rather than holding the others up.</summary>
public sealed class AliasBroadcaster : IAliasChangeSink
{
    public const int WatcherCapacity = 1024;

    private readonly Lock subscribersLock = new();
    private readonly List<AliasSubscription> subscribers = [];

    public int SubscriberCount
    {
        get
        {
            lock (subscribersLock)
            {
                return subscribers.Count;
            }
        }
    }

    /// <summary>Changes of one model (or of all when <paramref name="modelName"/> is null) from now on, until the subscription is disposed.</summary>
    public AliasSubscription Subscribe(string? modelName)
    {
        var subscription = new AliasSubscription(modelName, Unsubscribe);
        lock (subscribersLock)
        {
            subscribers.Add(subscription);
        }

        return subscription;
    }

    public void Publish(AliasMove change)
    {
        AliasSubscription[] current;
        lock (subscribersLock)
        {
            current = [.. subscribers];
        }

        foreach (var subscription in current)
        {
            subscription.Offer(change);
        }
    }

    private void Unsubscribe(AliasSubscription subscription)
    {
        lock (subscribersLock)
        {
            subscribers.Remove(subscription);
        }
    }
}

/// <summary>One watcher's queue of alias changes.</summary>
public sealed class AliasSubscription : IDisposable
{
    private readonly Channel<AliasMove> channel = Channel.CreateBounded<AliasMove>(
        new BoundedChannelOptions(AliasBroadcaster.WatcherCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly string? modelName;
    private readonly Action<AliasSubscription> unsubscribe;

    internal AliasSubscription(string? modelName, Action<AliasSubscription> unsubscribe)
    {
        this.modelName = modelName;
        this.unsubscribe = unsubscribe;
    }

    public ChannelReader<AliasMove> Changes => channel.Reader;

    internal void Offer(AliasMove change)
    {
        if (modelName is not null && change.ModelName != modelName)
        {
            return;
        }

        if (!channel.Writer.TryWrite(change))
        {
            channel.Writer.TryComplete(new WatcherTooSlowException(AliasBroadcaster.WatcherCapacity));
            unsubscribe(this);
        }
    }

    public void Dispose()
    {
        channel.Writer.TryComplete();
        unsubscribe(this);
    }
}

/// <summary>The watcher did not read its changes and more than its capacity piled up; it must watch again (and gets the current state first).</summary>
public sealed class WatcherTooSlowException(int capacity)
    : Exception($"This watcher fell more than {capacity} alias changes behind and was disconnected; watch again to get the current state.");
