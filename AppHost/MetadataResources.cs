namespace Mlops.AppHost;

/// <summary>
/// Where the services keep their metadata (Metadata:Mode): SQLite files under the data root (default), Debian's
/// PostgreSQL started here ("postgres"), or a PostgreSQL given as ConnectionStrings:metadata ("connection-string").
/// </summary>
internal static class MetadataResources
{
    public const string Name = "metadata";
    public const string PostgresBinary = "/usr/lib/postgresql/15/bin/postgres";

    public static IResourceBuilder<IResourceWithConnectionString>? AddMetadata(this IDistributedApplicationBuilder builder) =>
        builder.Configuration["Metadata:Mode"]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => null,
            "postgres" or "postgresql" when File.Exists(PostgresBinary) => builder.AddPostgresServer(),
            "postgres" or "postgresql" => throw new InvalidOperationException(
                $"Metadata:Mode is postgres but {PostgresBinary} is missing: apt-get install postgresql, or give ConnectionStrings:metadata."),
            "connection-string" or "connectionstring" => builder.AddConnectionString(Name),
            var other => throw new InvalidOperationException($"Metadata:Mode '{other}' is not one of sqlite, postgres, connection-string."),
        };

    /// <summary>Points the service at the shared PostgreSQL; without one it keeps its SQLite file.</summary>
    public static IResourceBuilder<ProjectResource> WithMetadata(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString>? metadata) =>
        metadata is null
            ? service
            : service.WithReference(metadata).WaitFor(metadata).WithEnvironment("Metadata__Kind", "postgres");

    private static IResourceBuilder<IResourceWithConnectionString> AddPostgresServer(this IDistributedApplicationBuilder builder)
    {
        var dataDirectory = Path.Combine(builder.DataRootPath(), "postgres");
        var postgres = new PostgresServerResource(Name, "/bin/sh", builder.AppHostDirectory);
        return builder.AddResource(postgres)
            .WithEndpoint(PostgresServerResource.EndpointName, endpoint => endpoint.UriScheme = "tcp")
            .WithArgs(context =>
            {
                context.Args.Add(Path.Combine(builder.AppHostDirectory, "postgres-server.sh"));
                context.Args.Add(dataDirectory);
                context.Args.Add(postgres.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            });
    }
}
