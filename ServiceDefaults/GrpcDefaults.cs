using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mlops.ServiceDefaults;

public static class GrpcDefaults
{
    /// <summary>Upper bound on one message, in either direction; bigger messages get ResourceExhausted.</summary>
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>grpc-dotnet's category that logs every call ending in an error status at Information.</summary>
    private const string CallHandlerLog = "Grpc.AspNetCore.Server.ServerCallHandler";

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
        // One line per failed call turns overload into a log flood: each refusal cost as much CPU as an answer
        // (loadtests/refusal-cost). Failures stay counted by status in the call metrics, and unexpected ones are logged
        // as errors by the interceptor; a service whose configuration names a level for the category keeps it.
        if (builder.Configuration[$"Logging:LogLevel:{CallHandlerLog}"] is null)
        {
            builder.Logging.AddFilter(CallHandlerLog, LogLevel.Warning);
        }
        builder.Services.AddGrpcReflection();
        // The gRPC health service reports the same checks as /health.
        builder.Services.AddGrpcHealthChecks();
        return builder;
    }
}
