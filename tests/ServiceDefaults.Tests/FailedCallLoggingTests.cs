using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mlops.ServiceDefaults.Tests;

/// <summary>
/// A refused call must not write a log line: under overload every refusal did, and a refusal then cost the service as
/// much CPU as an answer. Real Kestrel on loopback; the failing call is a health check of a service nobody registered.
/// </summary>
public sealed class FailedCallLoggingTests
{
    private const string CallHandler = "Grpc.AspNetCore.Server.ServerCallHandler";

    [Fact]
    public async Task A_call_that_ends_in_an_error_status_writes_no_information_line()
    {
        var logs = await FailOneCallAsync(configuredLevel: null);

        Assert.DoesNotContain(logs, entry => entry.Category == CallHandler);
    }

    [Fact]
    public async Task A_service_can_still_ask_for_the_line_in_its_configuration()
    {
        var logs = await FailOneCallAsync(configuredLevel: "Information");

        Assert.Contains(logs, entry => entry.Category == CallHandler && entry.Level == LogLevel.Information && entry.Message.Contains("NotFound", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyCollection<LogEntry>> FailOneCallAsync(string? configuredLevel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (configuredLevel is not null)
        {
            builder.Configuration[$"Logging:LogLevel:{CallHandler}"] = configuredLevel;
        }
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.AddGrpcDefaults();
        await using var app = builder.Build();
        app.MapGrpcHealthChecksService();
        await app.StartAsync();

        var address = app.Urls.Single();
        using var channel = GrpcChannel.ForAddress(address);
        var refused = await Assert.ThrowsAsync<RpcException>(
            () => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "no-such-service" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);

        await app.StopAsync();
        return logs.Entries;
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> entries = new();

        public IReadOnlyCollection<LogEntry> Entries => entries;

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, entries);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception)));
        }
    }
}
