using Mlops.Registry.Artifacts;
using Mlops.Registry.Events;
using Mlops.Registry.Gate;
using Mlops.Registry.Repositories;
using Mlops.Registry.V1;

namespace Mlops.Registry.Models;

/// <summary>
/// Moving aliases: ordinary ones directly, gated ones (production) only through the <see cref="PromotionGate"/>.
/// Every move is recorded in the history and announced to every <see cref="IAliasChangeSink"/>.
/// </summary>
public sealed class ModelAliases(
    IModelRepository models,
    ModelCatalog catalog,
    ArtifactStore artifacts,
    PromotionGate gate,
    GatePolicy policy,
    IEnumerable<IAliasChangeSink> sinks,
    TimeProvider clock)
{
    public const string Production = "production";

    // Alias moves one at a time, so a gate compares against the production version that is still current when it moves.
    private readonly SemaphoreSlim moves = new(1, 1);

    public async Task<AliasChange> SetAsync(SetAliasRequest request, CancellationToken cancellationToken)
    {
        ModelName.Validate(request.Alias, "Alias");
        if (policy.IsGated(request.Alias))
        {
            throw RegistryException.FailedPrecondition(
                $"Alias '{request.Alias}' is gated: move it with PromoteModel, which evaluates the candidate first.");
        }

        var target = Target(request.ModelName, request.Version);
        await moves.WaitAsync(cancellationToken);
        try
        {
            return Move(target, request.Alias, request.Actor, request.Reason);
        }
        finally
        {
            moves.Release();
        }
    }

    /// <summary>Moves an alias (production by default) after the gate passes, when the alias is gated; a refusal leaves the alias where it was.</summary>
    public async Task<PromoteModelResponse> PromoteAsync(PromoteModelRequest request, CancellationToken cancellationToken)
    {
        var alias = string.IsNullOrWhiteSpace(request.Alias) ? Production : request.Alias;
        ModelName.Validate(alias, "Alias");
        var target = Target(request.ModelName, request.Version);
        await moves.WaitAsync(cancellationToken);
        try
        {
            var response = new PromoteModelResponse();
            if (policy.IsGated(alias))
            {
                response.Gate = await RunGateAsync(target, alias, cancellationToken);
            }

            response.Change = Move(target, alias, request.Actor, request.Reason);
            return response;
        }
        finally
        {
            moves.Release();
        }
    }

    public IReadOnlyList<AliasChange> History(string modelName, string? alias)
    {
        catalog.RequireModel(modelName);
        return models.AliasHistory(modelName, alias);
    }

    /// <summary>Where every alias points now, as snapshot messages (the start of a watch).</summary>
    public IReadOnlyList<AliasChange> Snapshot(string? modelName)
    {
        if (modelName is not null)
        {
            catalog.RequireModel(modelName);
        }

        return models.CurrentAliases(modelName).Select(change =>
        {
            change.Snapshot = true;
            return change;
        }).ToList();
    }

    private async Task<GateResult> RunGateAsync(ModelVersion target, string alias, CancellationToken cancellationToken)
    {
        var candidate = new GateCandidate(target, await artifacts.ReadAllAsync(target.OnnxSha256, cancellationToken));
        GateCandidate? current = null;
        if (models.ResolveAlias(target.ModelName, alias) is { } currentVersion && currentVersion != target.Version)
        {
            var version = catalog.Get(target.ModelName, currentVersion);
            current = new GateCandidate(version, await artifacts.ReadAllAsync(version.OnnxSha256, cancellationToken));
        }

        var result = await gate.EvaluateAsync(candidate, current, cancellationToken);
        var stored = catalog.Get(target.ModelName, target.Version);
        stored.GateResult = result;
        models.UpdateVersion(stored);
        if (!result.Passed)
        {
            var where = models.ResolveAlias(target.ModelName, alias) is { } version ? $"stays at version {version}" : "stays unset";
            throw RegistryException.FailedPrecondition(
                $"The gate refused {target.ModelName}/{target.Version} for '{alias}' ({alias} {where}): {PromotionGate.Describe(result)}.");
        }

        return result;
    }

    private ModelVersion Target(string modelName, int version)
    {
        ModelName.Validate(modelName, "Model name");
        catalog.RequireModel(modelName);
        var target = catalog.Get(modelName, version);
        if (target.Status == ModelVersionStatus.Archived)
        {
            throw RegistryException.FailedPrecondition($"{modelName}/{version} is archived; an alias can only point at a version that is ready.");
        }

        return target;
    }

    private AliasChange Move(ModelVersion target, string alias, string actor, string reason)
    {
        var change = models.MoveAlias(target.ModelName, alias, target.Version,
            string.IsNullOrWhiteSpace(actor) ? "unknown" : actor, reason, clock.GetUtcNow());
        foreach (var sink in sinks)
        {
            sink.Publish(change);
        }

        return change;
    }
}
