using Mlops.Registry.V1;

namespace Mlops.Registry.Repositories;

public interface IModelRepository
{
    IReadOnlyList<RegisteredModel> ListModels();

    IReadOnlyList<ModelVersion> ListVersions(string modelName, bool includeArchived);

    ModelVersion? FindVersion(string modelName, int version);

    /// <summary>Stores a new version numbered one past the model's highest (creating the model on its first version).</summary>
    ModelVersion InsertVersion(ModelVersion version, DateTimeOffset now);

    /// <summary>Replaces a stored version's status and content (its gate result, say).</summary>
    void UpdateVersion(ModelVersion version);

    /// <summary>The version an alias points at, or null.</summary>
    int? ResolveAlias(string modelName, string alias);

    /// <summary>Points an alias at a version and records the move in the history, in one transaction.</summary>
    AliasChange MoveAlias(string modelName, string alias, int version, string actor, string reason, DateTimeOffset now);

    /// <summary>Where every alias points now (of one model, or of all when <paramref name="modelName"/> is null), as its last move.</summary>
    IReadOnlyList<AliasChange> CurrentAliases(string? modelName);

    IReadOnlyList<AliasChange> AliasHistory(string modelName, string? alias);
}
