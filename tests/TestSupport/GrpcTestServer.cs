using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mlops.TestSupport;

/// <summary>
/// A real Kestrel gRPC server on a free loopback port hosting canned services, so a client (the CLI, the load generator,
/// Mlops.Client) is exercised over the wire (HTTP/2, status codes, streams) while the real services are built elsewhere.
/// </summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private GrpcTestServer(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>The server's base address, <c>http://127.0.0.1:port</c>.</summary>
    public string Address { get; }

    /// <summary>Starts the server with the services <paramref name="register"/> adds and the endpoints <paramref name="map"/> maps.</summary>
    public static async Task<GrpcTestServer> StartAsync(Action<IServiceCollection> register, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        register(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new GrpcTestServer(app, app.Urls.Single());
    }

    /// <summary>Hosts one service whose instance the test keeps, to inspect what the CLI sent.</summary>
    public static Task<GrpcTestServer> StartAsync<TService>(TService service) where TService : class =>
        StartAsync(services => services.AddSingleton(service), app => app.MapGrpcService<TService>());

    /// <summary>Stops the server and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
