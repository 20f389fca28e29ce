using Microsoft.Extensions.Configuration;

namespace Mlops.AppHost;

internal static class SharedSettings
{
    /// <summary>
    /// The AppHost's configuration sections every service receives as they are: Storage (blob store, remote) and
    /// Telemetry (trace sampling), e.g. <c>dotnet run --project AppHost -- --Telemetry:Tracing:SampleRatio=0</c>.
    /// </summary>
    public static readonly string[] Sections = ["Storage", "Telemetry"];

    /// <summary>Hands the AppHost's shared settings to a service, so all services follow one convention.</summary>
    public static IResourceBuilder<ProjectResource> WithSharedSettings(this IResourceBuilder<ProjectResource> service, IConfiguration configuration)
    {
        foreach (var section in Sections)
        {
            service.WithSettingsSection(configuration, section);
        }

        return service;
    }

    /// <summary>
    /// Hands one section of the AppHost's configuration to a service as it is, e.g. the service's own section:
    /// <c>dotnet run --project AppHost -- --Inference:Cache:Enabled=false</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSettingsSection(this IResourceBuilder<ProjectResource> service, IConfiguration configuration, string section)
    {
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null)
            {
                service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return service;
    }
}
