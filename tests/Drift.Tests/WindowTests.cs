using Mlops.Drift.Configuration;
using Mlops.Drift.Model;
using Mlops.Drift.Windows;

namespace Mlops.Drift.Tests;

public sealed class WindowTests
{
    private static readonly ModelKey Model = new("m", 1);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_window_closes_at_its_size_and_a_batch_can_fill_several()
    {
        var windows = new ModelWindows(Model, 2, new WindowOptions { Size = 4 });

        var closed = windows.Add(Records(10), Start);

        Assert.Equal([4, 4], closed.Select(w => w.Count));
        Assert.All(closed, w => Assert.Equal(Start, w.ClosedAt));
        Assert.Equal(2, windows.OpenWindow!.Count);
        Assert.Equal([0.0, 1, 2, 3], closed[0].Features["f"]);
        Assert.Equal([2L, 2], closed[0].PredictedCounts);
    }

    [Fact]
    public void A_window_closes_by_age_with_whatever_it_holds()
    {
        var windows = new ModelWindows(Model, 2, new WindowOptions { Size = 100, MaxAge = TimeSpan.FromMinutes(1) });
        windows.Add(Records(3), Start);

        Assert.Null(windows.CloseExpired(Start.AddSeconds(59)));
        var closed = windows.CloseExpired(Start.AddSeconds(60));

        Assert.Equal(3, closed!.Count);
        Assert.Null(windows.OpenWindow);
        // A late record after the age limit closes the old window first and starts a new one.
        windows.Add(Records(1), Start.AddSeconds(61));
        var late = windows.Add(Records(1), Start.AddSeconds(200));
        Assert.Single(late);
        Assert.Equal(1, windows.OpenWindow!.Count);
    }

    [Fact]
    public void Only_the_last_closed_windows_keep_their_raw_values_in_memory()
    {
        var windows = new ModelWindows(Model, 2, new WindowOptions { Size = 1, KeepClosed = 3 });

        var closed = windows.Add(Records(10), Start);

        Assert.Equal(10, closed.Count);
        Assert.Equal(closed.TakeLast(3).Select(w => w.Id), windows.RecentlyClosed.Select(w => w.Id));
    }

    private static IEnumerable<LiveRecord> Records(int count) => Enumerable.Range(0, count).Select(i =>
        new LiveRecord(Start, new Dictionary<string, double> { ["f"] = i }, [0.5f, 0.5f], i % 2));
}
