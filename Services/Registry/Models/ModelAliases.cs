using Mlops.Registry.Artifacts;
using Mlops.Registry.Events;
using Mlops.Registry.Gate;
using Mlops.Registry.Model;
using Mlops.Registry.Repositories;

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

    public async Task<AliasMove> SetAsync(AliasRequest request, CancellationToken cancellationToken)
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
    public async Task<PromotionOutcome> PromoteAsync(AliasRequest request, CancellationToken cancellationToken)
    {
        var alias = string.IsNullOrWhiteSpace(request.Alias) ? Production : request.Alias;
        ModelName.Validate(alias, "Alias");
        var target = Target(request.ModelName, request.Version);
        await moves.WaitAsync(cancellationToken);
        try
        {
            var gate = policy.IsGated(alias) ? await RunGateAsync(target, alias, cancellationToken) : null;
            return new PromotionOutcome(gate, Move(target, alias, request.Actor, request.Reason));
        }
        finally
        {
            moves.Release();
        }
    }

    public IReadOnlyList<AliasMove> History(string modelName, string? alias)
    {
        catalog.RequireModel(modelName);
        return models.AliasHistory(modelName, alias);
    }

    /// <summary>Where every alias points now, as snapshot messages (the start of a watch).</summary>
    public IReadOnlyList<AliasMove> Snapshot(string? modelName)
    {
        if (modelName is not null)
        {
            catalog.RequireModel(modelName);
        }

        return models.CurrentAliases(modelName).Select(change => change with { Snapshot = true }).ToList();
    }

    private async Task<GateVerdict> RunGateAsync(RegisteredVersion target, string alias, CancellationToken cancellationToken)
    {
        var candidate = new GateCandidate(target, await artifacts.ReadAllAsync(target.OnnxSha256, cancellationToken));
        GateCandidate? current = null;
        if (models.ResolveAlias(target.ModelName, alias) is { } currentVersion && currentVersion != target.Version)
        {
            var version = catalog.Get(target.ModelName, currentVersion);
            current = new GateCandidate(version, await artifacts.ReadAllAsync(version.OnnxSha256, cancellationToken));
        }

        var result = await gate.EvaluateAsync(candidate, current, cancellationToken);
        models.UpdateVersion(catalog.Get(target.ModelName, target.Version) with { GateResult = result });
        if (!result.Passed)
        {
            var where = models.ResolveAlias(target.ModelName, alias) is { } version ? $"stays at version {version}" : "stays unset";
            throw RegistryException.FailedPrecondition(
                $"The gate refused {target.ModelName}/{target.Version} for '{alias}' ({alias} {where}): {PromotionGate.Describe(result)}.");
        }

        return result;
    }

    private RegisteredVersion Target(string modelName, int version)
    {
        ModelName.Validate(modelName, "Model name");
        catalog.RequireModel(modelName);
        var target = catalog.Get(modelName, version);
        if (target.Status == VersionState.Archived)
        {
            throw RegistryException.FailedPrecondition($"{modelName}/{version} is archived; an alias can only point at a version that is ready.");
        }

        return target;
    }

    private AliasMove Move(RegisteredVersion target, string alias, string actor, string reason)
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
