namespace Mlops.AppHost;

internal static class ServiceResources
{
    public const string HealthPath = "/health";

    /// <summary>A platform service: its HTTP/1 and gRPC endpoints come from its own appsettings.json (Kestrel:Endpoints).</summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<IResourceWithConnectionString>? cache,
        string dataRoot)
        where TProject : IProjectMetadata, new()
    {
        // launchProfileName: null, because endpoints from a launch profile would be HTTP/1 only and gRPC needs HTTP/2.
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            .WithEnvironment("DataRoot", dataRoot)
            .WithSharedSettings(builder.Configuration)
            .WithHttpHealthCheck(HealthPath, endpointName: "http")
            .WithPlatformApiKey(requireIt: true)
            .WithDirectEndpoints(builder.Configuration);

        if (cache is not null)
        {
            service.WithReference(cache).WaitFor(cache);
        }

        return service;
    }

    /// <summary>One folder for every service's files: configurable as DataRoot, else .data/ in the repository (git-ignored).</summary>
    public static string DataRootPath(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["DataRoot"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? builder.RepositoryPath(".data") : configured);
    }

    public static string RepositoryPath(this IDistributedApplicationBuilder builder, string relative) =>
        Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", relative));
}
