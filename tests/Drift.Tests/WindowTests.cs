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

    [Fact]
    public void With_a_minimum_duration_a_full_window_keeps_a_uniform_sample_of_all_its_traffic_until_it_closes()
    {
        var windows = new ModelWindows(Model, 2, new WindowOptions { Size = 100, MinDuration = TimeSpan.FromSeconds(5) }, new Random(7));

        Assert.Empty(windows.Add(Records(1000, from: 0), Start));
        Assert.Equal(100, windows.OpenWindow!.Count);
        Assert.Equal(1000, windows.OpenWindow.Seen);

        Assert.Empty(windows.Add(Records(1000, from: 1000), Start.AddSeconds(4)));
        // The first record after the minimum duration closes the window and opens the next.
        var closed = Assert.Single(windows.Add(Records(1, from: 2000), Start.AddSeconds(5)));
        Assert.Equal(1, windows.OpenWindow!.Seen);

        Assert.Equal(100, closed.Count);
        Assert.Equal(2000, closed.Seen);
        var held = closed.Features["f"];
        Assert.Equal(100, held.Count);
        Assert.Equal(100, held.Distinct().Count());
        // Uniform over the whole span: the mean of 100 draws from 0..1999 is 1000 give or take 58 (one standard error).
        Assert.InRange(held.Average(), 800, 1200);
        Assert.InRange(held.Count(value => value >= 1000), 30, 70);
        // Each held record keeps its own outputs and class: the class counts match the held values (class = value mod 2).
        Assert.Equal([held.Count(v => v % 2 == 0), held.Count(v => v % 2 == 1)], closed.PredictedCounts);
        Assert.All(held.Zip(closed.Outputs[0]), pair => Assert.Equal(pair.First / 10_000, pair.Second, 1e-6));
        var message = closed.ToSummary();
        Assert.Equal(100, message.RecordCount);
        Assert.Equal(2000, message.RecordsSeen);
    }

    [Fact]
    public void The_timer_closes_a_full_window_at_its_minimum_duration_but_an_unfilled_one_only_at_its_age_limit()
    {
        var options = new WindowOptions { Size = 10, MinDuration = TimeSpan.FromSeconds(5), MaxAge = TimeSpan.FromMinutes(1) };
        var full = new ModelWindows(Model, 2, options);
        var partial = new ModelWindows(Model, 2, options);
        full.Add(Records(50), Start);
        partial.Add(Records(9), Start);

        Assert.Null(full.CloseExpired(Start.AddSeconds(4)));
        Assert.Equal(50, full.CloseExpired(Start.AddSeconds(5))!.Seen);
        Assert.Null(partial.CloseExpired(Start.AddSeconds(59)));
        Assert.Equal(9, partial.CloseExpired(Start.AddSeconds(60))!.Count);
    }

    private static IEnumerable<LiveRecord> Records(int count, int from) => Enumerable.Range(from, count).Select(i =>
        new LiveRecord(Start, new Dictionary<string, double> { ["f"] = i }, [i / 10_000f, 1 - (i / 10_000f)], i % 2));

    private static IEnumerable<LiveRecord> Records(int count) => Enumerable.Range(0, count).Select(i =>
        new LiveRecord(Start, new Dictionary<string, double> { ["f"] = i }, [0.5f, 0.5f], i % 2));
}
