using Mlops.Registry.Model;

namespace Mlops.Registry.Repositories;

public interface IModelRepository
{
    IReadOnlyList<ModelSummary> ListModels();

    IReadOnlyList<RegisteredVersion> ListVersions(string modelName, bool includeArchived);

    RegisteredVersion? FindVersion(string modelName, int version);

    /// <summary>Stores a new version numbered one past the model's highest (creating the model on its first version).</summary>
    RegisteredVersion InsertVersion(RegisteredVersion version, DateTimeOffset now);

    /// <summary>Replaces a stored version's status and content (its gate result, say).</summary>
    void UpdateVersion(RegisteredVersion version);

    /// <summary>The version an alias points at, or null.</summary>
    int? ResolveAlias(string modelName, string alias);

    /// <summary>Points an alias at a version and records the move in the history, in one transaction.</summary>
    AliasMove MoveAlias(string modelName, string alias, int version, string actor, string reason, DateTimeOffset now);

    /// <summary>Where every alias points now (of one model, or of all when <paramref name="modelName"/> is null), as its last move.</summary>
    IReadOnlyList<AliasMove> CurrentAliases(string? modelName);

    IReadOnlyList<AliasMove> AliasHistory(string modelName, string? alias);
}
