using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mlops.ServiceDefaults;

public static class GrpcDefaults
{
    /// <summary>Upper bound on one message, in either direction; bigger messages get ResourceExhausted.</summary>
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    public static TBuilder AddGrpcDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var maxMessageBytes = builder.Configuration.GetValue("Grpc:MaxMessageBytes", DefaultMaxMessageBytes);
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = maxMessageBytes;
            options.MaxSendMessageSize = maxMessageBytes;
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.Interceptors.Add<GrpcErrorInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        // The gRPC health service reports the same checks as /health.
        builder.Services.AddGrpcHealthChecks();
        return builder;
    }
}
