using Microsoft.Extensions.Caching.Memory;

namespace Mlops.Inference.Caching;

/// <summary>
/// The in-process tier of the prediction cache: a bounded number of answers, the least recently used evicted first.
/// A lookup costs a hash and a dictionary probe, far less than the model; a Redis round trip costs more than the model.
/// </summary>
public sealed class LocalAnswers : IDisposable
{
    private readonly MemoryCache answers;
    private readonly TimeSpan timeToLive;

    public LocalAnswers(int maxEntries, TimeSpan timeToLive)
    {
        answers = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, maxEntries), CompactionPercentage = 0.1 });
        this.timeToLive = timeToLive;
    }

    public bool TryGet(AnswerKey key, float[] probabilities)
    {
        if (!answers.TryGetValue(key, out float[]? stored) || stored is null || stored.Length != probabilities.Length)
        {
            return false;
        }

        stored.CopyTo(probabilities, 0);
        return true;
    }

    public void Store(AnswerKey key, ReadOnlySpan<float> probabilities) =>
        answers.Set(key, probabilities.ToArray(), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = timeToLive });

    public void Dispose() => answers.Dispose();
}
