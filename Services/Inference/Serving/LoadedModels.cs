using System.Collections.Concurrent;
using Mlops.Inference.V1;

namespace Mlops.Inference.Serving;

/// <summary>The model versions this process serves right now, by model name.</summary>
public sealed class LoadedModels
{
    private readonly ConcurrentDictionary<string, LoadedModel> models = new(StringComparer.Ordinal);

    public bool IsReady => !models.IsEmpty;

    public IReadOnlyCollection<LoadedModel> All => models.Values.ToList();

    public LoadedModel? Find(string modelName) => models.GetValueOrDefault(modelName);
}
