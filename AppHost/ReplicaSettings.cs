using Microsoft.Extensions.Configuration;

namespace Mlops.AppHost;

/// <summary>
/// Replicas:Inference and Replicas:Training (default 1). Inference replicas share nothing but the registry they load
/// from; training replicas share jobs, so they need the shared metadata database and Redis for the job queue.
/// </summary>
internal static class ReplicaSettings
{
    public static IResourceBuilder<ProjectResource> WithConfiguredReplicas(
        this IResourceBuilder<ProjectResource> service,
        IConfiguration configuration,
        string key,
        bool needsSharedState,
        IResourceBuilder<IResourceWithConnectionString>? metadata,
        IResourceBuilder<IResourceWithConnectionString>? cache)
    {
        var replicas = configuration.GetValue($"Replicas:{key}", 1);
        if (replicas <= 1)
        {
            return service;
        }

        if (needsSharedState && (metadata is null || cache is null))
        {
            throw new InvalidOperationException(
                $"Replicas:{key}={replicas} needs the shared metadata database and Redis: set Metadata:Mode=postgres (or connection-string) and a Cache:Mode other than none.");
        }

        return service.WithEndpointsProxied(proxied: true).WithReplicas(replicas);
    }

    /// <summary>
    /// Inference replicas answer each other's repeated inputs through Redis. One instance keeps its answers in memory
    /// only: for the default CNN a Redis round trip on every miss costs more than the model (docs/benchmarks/serving.md).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSharedAnswersAcrossReplicas(
        this IResourceBuilder<ProjectResource> inference,
        IResourceBuilder<IResourceWithConnectionString>? cache) =>
        cache is not null && inference.Resource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) && replicas.Replicas > 1
            ? inference.WithEnvironment("Inference__Cache__Shared", "true")
            : inference;
}
