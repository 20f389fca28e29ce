using System.Collections.Concurrent;
using Mlops.Drift.Model;
using Mlops.Drift.References;

namespace Mlops.Drift.Monitoring;

/// <summary>
/// Which model versions exist, asked of the reference source once per version: a registered version is remembered for
/// good (versions are immutable), an unknown one for a few seconds, so a stream of bad records does not flood the Registry.
/// </summary>
public sealed class ModelDirectory(IReferenceSource source, TimeProvider clock)
{
    private static readonly TimeSpan ForgetUnknownAfter = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<ModelKey, ModelDescription> known = new();
    private readonly ConcurrentDictionary<ModelKey, DateTimeOffset> unknown = new();

    public async Task<ModelDescription?> FindAsync(ModelKey key, CancellationToken cancellationToken)
    {
        if (known.TryGetValue(key, out var model))
        {
            return model;
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
