using Microsoft.Extensions.Configuration;

namespace Mlops.AppHost;

/// <summary>
/// A service with one replica binds its own ports (5401, 5402, ...) instead of sitting behind DCP's proxy: every request
/// through the proxy is copied by one more process (docs/benchmarks/serving.md measures both). Replicas need the proxy (it spreads connections over them), and so do test stacks that
/// randomize ports (DcpPublisher:RandomizePorts), where fixed ports would collide with a running stack.
/// </summary>
internal static class DirectEndpoints
{
    public static IResourceBuilder<ProjectResource> WithDirectEndpoints(this IResourceBuilder<ProjectResource> service, IConfiguration configuration)
    {
        if (configuration.GetValue("DcpPublisher:RandomizePorts", false))
        {
            return service;
        }

        return service.WithEndpointsProxied(proxied: false);
    }

    public static IResourceBuilder<ProjectResource> WithEndpointsProxied(this IResourceBuilder<ProjectResource> service, bool proxied)
    {
        foreach (var endpoint in service.Resource.Annotations.OfType<EndpointAnnotation>())
        {
            endpoint.IsProxied = proxied;
        }

        return service;
    }
}
