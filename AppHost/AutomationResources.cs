using Microsoft.Extensions.Configuration;

namespace Mlops.AppHost;

internal static class AutomationResources
{
    /// <summary>The automation service: rules from configs/automations.yml (or Automation:RulesFile) acting on the other services' events.</summary>
    public static IResourceBuilder<ProjectResource> AddAutomation(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString>? cache,
        string dataRoot,
        params IResourceBuilder<ProjectResource>[] services)
    {
        var automation = builder.AddService<Projects.Automation>("automation", cache, dataRoot)
            .WithEnvironment("Automation__ConfigRoot", builder.RepositoryPath("configs"));
        if (builder.Configuration["Automation:RulesFile"] is { Length: > 0 } rulesFile)
        {
            automation.WithEnvironment("Automation__RulesFile", Path.GetFullPath(rulesFile));
        }

        foreach (var service in services)
        {
            automation.WithReference(service);
        }

        return automation;
    }
}
