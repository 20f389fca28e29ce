using Mlops.Drift.Configuration;
using Mlops.Drift.Model;

namespace Mlops.Drift.Windows;

/// <summary>
/// The windows of one model version: the open one, which closes once full and old enough or by age, and the last few
/// closed ones with their raw values. Older closed windows are dropped from memory; their reports stay in the database.
/// Thread-safe.
/// </summary>
public sealed class ModelWindows(ModelKey model, int classCount, WindowOptions options, Random? random = null)
{
    private readonly Lock gate = new();
    private readonly Random random = random ?? new Random();
    private readonly Queue<LiveWindow> closed = new();
    private LiveWindow? open;

    public ModelKey Model { get; } = model;

    /// <summary>Adds the records in order; returns the windows that filled up (a batch may span several).</summary>
    public IReadOnlyList<LiveWindow> Add(IEnumerable<LiveRecord> records, DateTimeOffset now)
    {
        var filled = new List<LiveWindow>();
        lock (gate)
        {
            if (CloseIfExpired(now) is { } expired)
            {
                filled.Add(expired);
            }

            foreach (var record in records)
            {
                open ??= new LiveWindow(Guid.CreateVersion7(now).ToString("N"), Model, classCount, now, options.Size, random);
                open.Add(record);
                if (open.IsFull && now - open.OpenedAt >= options.MinDuration)
                {
                    filled.Add(CloseOpen(now));
                }
            }
        }

        return filled;
    }

    /// <summary>Closes the open window when it has been open for the maximum age, or is full and has been open the minimum duration.</summary>
    public LiveWindow? CloseExpired(DateTimeOffset now)
    {
        lock (gate)
        {
            return CloseIfExpired(now);
        }
    }

    public LiveWindow? OpenWindow
    {
        get
        {
            lock (gate)
            {
                return open;
            }
        }
    }

    public IReadOnlyList<LiveWindow> RecentlyClosed
    {
        get
        {
            lock (gate)
            {
                return [.. closed];
            }
        }
    }

    private LiveWindow? CloseIfExpired(DateTimeOffset now) =>
        open is not null && (now - open.OpenedAt >= options.MaxAge || (open.IsFull && now - open.OpenedAt >= options.MinDuration))
            ? CloseOpen(now)
            : null;

    private LiveWindow CloseOpen(DateTimeOffset now)
    {
        var window = open!;
        open = null;
        window.Close(now);
        closed.Enqueue(window);
        while (closed.Count > Math.Max(0, options.KeepClosed))
        {
            closed.Dequeue();
        }

        return window;
    }
}
