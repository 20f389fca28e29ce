using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mlops.Inference.Serving;

/// <summary>
/// Healthy once every configured model is loaded; Degraded before. Not Unhealthy: the process is up and will serve as soon as
/// the registry has a version behind the alias, and on a fresh platform no model exists until one is trained and promoted.
/// Unhealthy would keep the AppHost (and anything that waits for this service) from ever starting. Degraded still answers
/// HTTP 200, while the "ready" fields of ServerReady, ModelReady and GetServingStatus say false for clients that care.
/// </summary>
public sealed class ModelReadinessCheck(LoadedModels models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (models.IsReady)
        {
            return Task.FromResult(HealthCheckResult.Healthy(string.Join(", ", models.All.Select(model => $"{model.Name} v{model.Version}"))));
        }

        var missing = models.ConfiguredNames.Where(name => models.Find(name) is null);
        return Task.FromResult(HealthCheckResult.Degraded($"waiting for {string.Join(", ", missing.Select(name => $"{name}@{models.Alias}"))} in the registry"));
    }
}
