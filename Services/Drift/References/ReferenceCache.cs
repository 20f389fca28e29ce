using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mlops.Drift.Configuration;
using Mlops.Drift.Model;
using Mlops.Drift.Repositories;

namespace Mlops.Drift.References;

/// <summary>
/// One reference per model version, built once: from memory, else from the database (persisted at the first build), else
/// built from the source and stored. A failed build is forgotten so the next call tries again.
/// </summary>
public sealed class ReferenceCache(ReferenceBuilder builder, IReferenceStore store, IOptions<DriftOptions> options)
{
    private readonly ConcurrentDictionary<ModelKey, Lazy<Task<DriftReference>>> references = new();

    public async Task<DriftReference> GetAsync(ModelDescription model, CancellationToken cancellationToken)
    {
        var entry = references.GetOrAdd(model.Key, _ => new Lazy<Task<DriftReference>>(() => LoadOrBuildAsync(model)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            references.TryRemove(new KeyValuePair<ModelKey, Lazy<Task<DriftReference>>>(model.Key, entry));
            throw;
        }
    }

    private async Task<DriftReference> LoadOrBuildAsync(ModelDescription model)
    {
        if (store.LoadReference(model.Key) is { } stored)
        {
            return stored;
        }

        var settings = options.Value.Reference;
        // Not the caller's token: the reference is shared by every later caller, so one cancelled request must not abort it.
        var reference = await builder.BuildAsync(model, settings.MaxSamples, settings.BatchSize, CancellationToken.None);
        store.SaveReference(reference);
        return reference;
    }
}
