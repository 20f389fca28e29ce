using System.Collections.Concurrent;
using Mlops.Drift.Model;
using Mlops.Drift.References;

namespace Mlops.Drift.Monitoring;

/// <summary>
/// Which model versions exist, asked of the reference source once per version: a registered version is remembered for
/// good (versions are immutable), an unknown one for a few seconds, so a stream of bad records does not flood the Registry.
/// A version whose lineage came with its records (Inference sends what the registry told it) is taken from them unasked.
/// </summary>
public sealed class ModelDirectory(IReferenceSource source, TimeProvider clock)
{
    private static readonly TimeSpan ForgetUnknownAfter = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<ModelKey, ModelDescription> known = new();
    private readonly ConcurrentDictionary<ModelKey, DateTimeOffset> unknown = new();

    public Task<ModelDescription?> FindAsync(ModelKey key, CancellationToken cancellationToken) => FindAsync(key, null, cancellationToken);

    /// <param name="key">The model version.</param>
    /// <param name="sent">Its description as it came with the records, if it did.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    public async Task<ModelDescription?> FindAsync(ModelKey key, ModelDescription? sent, CancellationToken cancellationToken)
    {
        if (known.TryGetValue(key, out var model))
        {
            return model;
        }

        if (sent is { IsComplete: true } && sent.Key == key)
        {
            unknown.TryRemove(key, out _);
            return known.GetOrAdd(key, sent);
        }

        if (unknown.TryGetValue(key, out var since) && clock.GetUtcNow() - since < ForgetUnknownAfter)
        {
            return null;
        }

        var found = await source.FindModelAsync(key.ToString(), cancellationToken);
        if (found is null || found.Key != key)
        {
            unknown[key] = clock.GetUtcNow();
            return null;
        }

        unknown.TryRemove(key, out _);
        return known[key] = found;
    }
}
