namespace Mlops.AppHost;

internal static class FrontendResources
{
    /// <summary>The web frontend: a client of every service, with its page address (Kestrel:Endpoints in its appsettings.json) shown in the dashboard.</summary>
    public static IResourceBuilder<ProjectResource> AddFrontend(
        this IDistributedApplicationBuilder builder, params IResourceBuilder<ProjectResource>[] services)
    {
        var frontend = builder.AddProject<Projects.Frontend>("frontend", launchProfileName: null)
            .WithHttpHealthCheck(ServiceResources.HealthPath, endpointName: "http")
            .WithExternalHttpEndpoints()
            .WithPlatformApiKey(requireIt: true)
            .WithDirectEndpoints(builder.Configuration);
        foreach (var service in services)
        {
            frontend.WithReference(service);
        }

        // Printed on start so the address is one click away even without the dashboard.
        builder.Eventing.Subscribe<ResourceEndpointsAllocatedEvent>(frontend.Resource, (allocated, _) =>
        {
            var url = frontend.Resource.GetEndpoint("http").Url;
            Console.WriteLine($"Frontend: {url}");
            return Task.CompletedTask;
        });
        return frontend;
    }
}
