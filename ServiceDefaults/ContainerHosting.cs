using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mlops.ServiceDefaults;

/// <summary>
/// Where a container platform says which port to serve on (Cloud Run, and most others, set <c>PORT</c>), a service
/// listens on every interface at that one port with cleartext HTTP/2: gRPC, gRPC health for the platform's probes, and
/// /health and /metrics for HTTP/2 clients (Cloud Run's front end with end-to-end HTTP/2). The loopback endpoints in
/// appsettings.json are for runs on a developer's machine and are not bound.
/// </summary>
public static class ContainerHosting
{
    public const string PortKey = "PORT";

    public static TBuilder AddContainerPort<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var configured = builder.Configuration[PortKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return builder;
        }

        if (!int.TryParse(configured, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{PortKey} is '{configured}'; expected a TCP port number (1-65535).");
        }

        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            // Replacing the configuration loader drops the Kestrel:Endpoints of appsettings.json.
            kestrel.Configure(new ConfigurationBuilder().Build());
            kestrel.ListenAnyIP(port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        return builder;
    }
}
