using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Mlops.Inference.Serving;

/// <summary>The model versions this process serves right now, by model name, swapped atomically.</summary>
public sealed class LoadedModels(IOptions<InferenceOptions> options)
{
    private readonly ConcurrentDictionary<string, ServedModel> models = new(StringComparer.Ordinal);
    private readonly InferenceOptions settings = options.Value;

    public IReadOnlyList<string> ConfiguredNames => settings.ModelNames;

    public string Alias => settings.Alias;

    /// <summary>True once every configured model has a version loaded.</summary>
    public bool IsReady => settings.ModelNames.All(models.ContainsKey);

    public IReadOnlyCollection<ServedModel> All => models.Values.OrderBy(model => model.Name, StringComparer.Ordinal).ToList();

    public string ResolveName(string? modelName) => string.IsNullOrEmpty(modelName) ? settings.DefaultModelName : modelName;

    public ServedModel? Find(string? modelName) => models.GetValueOrDefault(ResolveName(modelName));

    /// <summary>
    /// A lease on the current version of <paramref name="modelName"/> (the default model when empty). Throws
    /// <see cref="ModelNotFoundException"/> for a model not configured here, <see cref="ModelNotReadyException"/> before its first load.
    /// </summary>
    public ModelLease Acquire(string? modelName)
    {
        var name = ResolveName(modelName);
        while (true)
        {
            if (!models.TryGetValue(name, out var model))
            {
                throw settings.ModelNames.Contains(name, StringComparer.Ordinal)
                    ? new ModelNotReadyException($"Model '{name}' has no version loaded yet: waiting for '{name}@{settings.Alias}' in the registry. Retry shortly.")
                    : new ModelNotFoundException($"Model '{name}' is not served here; served models: {string.Join(", ", settings.ModelNames)}.");
            }

            // A retired version refuses the lease only after its replacement is installed, so the next lookup finds the new one.
            if (model.TryAcquire())
            {
                return new ModelLease(model);
            }
        }
    }

    /// <summary>Makes <paramref name="model"/> the served version of its name and retires the one it replaces.</summary>
    public void Install(ServedModel model)
    {
        ServedModel? previous = null;
        models.AddOrUpdate(model.Name, model, (_, old) =>
        {
            previous = old;
            return model;
        });
        if (previous is not null && !ReferenceEquals(previous, model))
        {
            previous.Retire();
        }
    }
}
