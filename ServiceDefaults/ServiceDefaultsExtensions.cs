using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.ServiceDefaults.Auth;

namespace Mlops.ServiceDefaults;

/// <summary>What every service of the platform shares: telemetry, health, discovery, resilience, gRPC and the cache.</summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddCache();
        builder.AddMetadataDatabaseTelemetry();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.AddGrpcDefaults();
        builder.AddApiKeys();
        builder.AddContainerPort();
        return builder;
    }

    /// <summary>Health, gRPC health and reflection, and the Prometheus scrape endpoint; mapped in every environment because Cloud Run probes them.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseApiKeys();
        app.MapHealthEndpoints();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
