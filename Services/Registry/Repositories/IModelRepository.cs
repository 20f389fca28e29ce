using Mlops.Registry.V1;

namespace Mlops.Registry.Repositories;

public interface IModelRepository
{
    IReadOnlyList<RegisteredModel> ListModels();

    IReadOnlyList<ModelVersion> ListVersions(string modelName, bool includeArchived);

    ModelVersion? FindVersion(string modelName, int version);

    /// <summary>The version an alias points at, or null.</summary>
    int? ResolveAlias(string modelName, string alias);

    IReadOnlyList<AliasChange> AliasHistory(string modelName, string? alias);
}
