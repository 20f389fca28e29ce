using System.Collections.Concurrent;

namespace Mlops.Frontend.Platform;

/// <summary>
/// What a page read from the services while the server prerendered it, kept briefly so the same page, once its circuit
/// starts, shows those answers instead of asking again: the data is in the first paint and read once.
/// Only the handoff's id travels through the page (persisted component state); the answers stay in this process.
/// </summary>
public sealed class PrerenderedReads(TimeProvider clock)
{
    // A circuit normally starts within seconds of its page; answers nobody took by then are dropped.
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Handoff> handoffs = new();

    /// <summary>Starts collecting one prerender's answers; returns the id the page carries to its circuit.</summary>
    public string Open()
    {
        DropExpired();
        var id = Guid.NewGuid().ToString("N");
        handoffs[id] = new Handoff(clock.GetUtcNow() + Lifetime);
        return id;
    }

    public void Keep(string id, int index, object? answer)
    {
        if (handoffs.TryGetValue(id, out var handoff))
        {
            handoff.Answers[index] = answer;
        }
    }

    /// <summary>The answers of a prerender, by the order its reads were made; gone once taken.</summary>
    public IReadOnlyDictionary<int, object?> Take(string id) =>
        handoffs.TryRemove(id, out var handoff) && handoff.ExpiresAt > clock.GetUtcNow() ? handoff.Answers : new Dictionary<int, object?>();

    public int Pending => handoffs.Count;

    private void DropExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, handoff) in handoffs)
        {
            if (handoff.ExpiresAt <= now)
            {
                handoffs.TryRemove(id, out _);
            }
        }
    }

    private sealed record Handoff(DateTimeOffset ExpiresAt)
    {
        public ConcurrentDictionary<int, object?> Answers { get; } = new();
    }
}
