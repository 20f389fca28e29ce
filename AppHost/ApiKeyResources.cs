namespace Mlops.AppHost;

/// <summary>
/// Opt-in API keys: set the secret parameter `api-key` (Parameters:api-key in user secrets or the environment) and every
/// service requires it (admin scope) and sends it to its peers; the frontend asks people to sign in with it; the bootstrap
/// job only sends it. Unset, the platform runs without keys, as `dotnet run` always has.
/// </summary>
internal static class ApiKeyResources
{
    public const string ParameterName = "api-key";

    public static IResourceBuilder<ProjectResource> WithPlatformApiKey(this IResourceBuilder<ProjectResource> project, bool requireIt)
    {
        var builder = project.ApplicationBuilder;
        if (string.IsNullOrEmpty(builder.Configuration[$"Parameters:{ParameterName}"]))
        {
            return project;
        }

        var key = builder.Resources.OfType<ParameterResource>().FirstOrDefault(resource => resource.Name == ParameterName) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(ParameterName, secret: true);
        project.WithEnvironment("Auth__ClientKey", key);
        if (requireIt)
        {
            project.WithEnvironment("Auth__Keys__0__Name", "platform")
                .WithEnvironment("Auth__Keys__0__Key", key)
                .WithEnvironment("Auth__Keys__0__Scopes__0", "admin");
        }

        return project;
    }
}
