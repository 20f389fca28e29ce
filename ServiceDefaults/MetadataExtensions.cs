using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Mlops.ServiceDefaults;

public static class MetadataExtensions
{
    /// <summary>The same keys as Mlops.Storage.MetadataSettings reads: the metadata database's kind and connection name.</summary>
    public const string KindKey = "Metadata:Kind";
    public const string ConnectionName = "metadata";

    /// <summary>
    /// With <c>Metadata:Kind=postgres</c> and <c>ConnectionStrings:metadata</c> set, Aspire's Npgsql integration: a
    /// readiness check that the database answers, and Npgsql's traces and metrics (command spans, pool usage) in the
    /// service's telemetry. Npgsql's activity source and meter are process-wide, so they cover the repositories' own
    /// data source too. SQLite (the default) adds nothing.
    /// </summary>
    public static TBuilder AddMetadataDatabaseTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var kind = builder.Configuration[KindKey]?.Trim().ToLowerInvariant();
        if (kind is "postgres" or "postgresql" && !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            builder.AddNpgsqlDataSource(ConnectionName);
        }

        return builder;
    }
}
