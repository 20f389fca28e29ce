using Microsoft.Extensions.Configuration;

namespace Mlops.AppHost;

internal static class StorageSettings
{
    /// <summary>The AppHost's configuration section that every service receives as is (Storage:Blobs, Storage:Remote).</summary>
    public const string Section = "Storage";

    /// <summary>Hands the AppHost's Storage:* settings (e.g. --Storage:Blobs:Kind=s3) to a service, so all services share one convention.</summary>
    public static IResourceBuilder<ProjectResource> WithStorageSettings(this IResourceBuilder<ProjectResource> service, IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.GetSection(Section).AsEnumerable())
        {
            if (value is not null)
            {
                service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return service;
    }
}
