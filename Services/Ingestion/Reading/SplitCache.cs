using Mlops.Ingestion.Model;

namespace Mlops.Ingestion.Reading;

/// <summary>
/// Recently read splits, least recently used evicted first once their pixels exceed the byte budget. Readers
/// of the same split share one load. Cached arrays are never written, so batches can point into them.
/// </summary>
public sealed class SplitCache(long budgetBytes)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = [];
    private long totalBytes;

    public long TotalBytes
    {
        get
        {
            lock (gate)
            {
                return totalBytes;
            }
        }
    }

    public Task<LabelledImages> GetOrLoadAsync(string key, long sizeBytes, Func<Task<LabelledImages>> load)
    {
        Entry entry;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                return node.Value.Load.Value;
            }

            if (sizeBytes > budgetBytes)
            {
                return load();
            }

            entry = new Entry(key, sizeBytes, new Lazy<Task<LabelledImages>>(load));
            entries[key] = recency.AddFirst(entry);
            totalBytes += sizeBytes;
            while (totalBytes > budgetBytes && recency.Last is { } oldest && oldest.Value != entry)
            {
                Evict(oldest);
            }
        }

        return ForgetOnFailureAsync(entry);
    }

    private async Task<LabelledImages> ForgetOnFailureAsync(Entry entry)
    {
        try
        {
            return await entry.Load.Value;
        }
        catch
        {
            lock (gate)
            {
                if (entries.TryGetValue(entry.Key, out var node) && node.Value == entry)
                {
                    Evict(node);
                }
            }

            throw;
        }
    }

    private void Evict(LinkedListNode<Entry> node)
    {
        recency.Remove(node);
        entries.Remove(node.Value.Key);
        totalBytes -= node.Value.SizeBytes;
    }

    private sealed record Entry(string Key, long SizeBytes, Lazy<Task<LabelledImages>> Load);
}
