using Mlops.Registry.Events;
using Mlops.Registry.Model;

namespace Mlops.Registry.Tests;

public sealed class AliasBroadcasterTests
{
    [Fact]
    public async Task Every_watcher_gets_each_change_of_the_models_it_watches()
    {
        var broadcaster = new AliasBroadcaster();
        using var all = broadcaster.Subscribe(null);
        using var onlyB = broadcaster.Subscribe("b");

        broadcaster.Publish(Change("a", 1));
        broadcaster.Publish(Change("b", 2));

        Assert.Equal("a", (await all.Changes.ReadAsync()).ModelName);
        Assert.Equal("b", (await all.Changes.ReadAsync()).ModelName);
        Assert.Equal(2, (await onlyB.Changes.ReadAsync()).Version);
        Assert.False(onlyB.Changes.TryRead(out _));
    }

    [Fact]
    public void A_watcher_that_disconnects_is_removed()
    {
        var broadcaster = new AliasBroadcaster();
        var first = broadcaster.Subscribe(null);
        using var second = broadcaster.Subscribe(null);

        first.Dispose();
        broadcaster.Publish(Change("a", 1));

        Assert.Equal(1, broadcaster.SubscriberCount);
        Assert.True(second.Changes.TryRead(out _));
    }

    [Fact]
    public async Task A_watcher_that_stops_reading_is_cut_off_without_holding_up_the_others()
    {
        var broadcaster = new AliasBroadcaster();
        using var stalled = broadcaster.Subscribe(null);
        using var reading = broadcaster.Subscribe(null);

        for (var i = 0; i <= AliasBroadcaster.WatcherCapacity; i++)
        {
            broadcaster.Publish(Change("a", i + 1));
            Assert.True(reading.Changes.TryRead(out _));
        }

        Assert.Equal(1, broadcaster.SubscriberCount);
        await Assert.ThrowsAsync<WatcherTooSlowException>(async () =>
        {
            await foreach (var _ in stalled.Changes.ReadAllAsync())
            {
            }
        });
    }

    private static AliasMove Change(string model, int version) => new() { ModelName = model, Alias = "production", Version = version };
}
