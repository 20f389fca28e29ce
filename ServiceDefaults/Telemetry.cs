using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Mlops.ServiceDefaults;

public static class Telemetry
{
    /// <summary>Meter and activity source names start with this; each service adds its own under it.</summary>
    public const string SourcePrefix = "Mlops.";

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SourcePrefix + "*")
                .AddPrometheusExporter());

        var sampling = TraceSampling.From(builder.Configuration);
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        // Traces only where they are sent: without an exporter every request would still build and drop its spans.
        // Metrics and logs go out whatever the sampling, so turning tracing off loses no error from them.
        if (sampling.Enabled)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(sampling.ToSampler(TimeProvider.System))
                .AddSource(builder.Environment.ApplicationName, SourcePrefix + "*")
                .AddAspNetCoreInstrumentation(aspnet =>
                    aspnet.Filter = context => !HealthEndpoints.IsProbe(context.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation());
        }

        telemetry.UseOtlpExporter();
        return builder;
    }
}
