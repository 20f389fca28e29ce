using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Mlops.TestSupport;

namespace Mlops.ServiceDefaults.Tests;

/// <summary>A service as a container platform runs it: PORT set, one HTTP/2 port on every interface, probes over gRPC health.</summary>
public class ContainerPortTests
{
    [Fact]
    public async Task With_PORT_set_the_service_serves_grpc_health_and_http2_health_on_that_port_only()
    {
        var port = FreePort.Next();
        var loopbackPort = FreePort.Next();
        await using var app = await StartAsync(new() { [ContainerHosting.PortKey] = $"{port}", ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{loopbackPort}" });

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var probe = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, probe.Status);

        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var health = await http2.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        var refused = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(loopbackPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Without_PORT_the_configured_loopback_endpoints_serve()
    {
        var loopbackPort = FreePort.Next();
        await using var app = await StartAsync(new() { ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{loopbackPort}" });

        using var http = new HttpClient();
        Assert.Equal("Healthy", await http.GetStringAsync(new Uri($"http://127.0.0.1:{loopbackPort}/health")));
    }

    [Theory]
    [InlineData("eighty")]
    [InlineData("0")]
    [InlineData("70000")]
    public void A_PORT_that_is_not_a_port_number_stops_the_start_with_a_clear_message(string port)
    {
        var builder = Builder(new() { [ContainerHosting.PortKey] = port });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddServiceDefaults());

        Assert.Contains($"PORT is '{port}'", error.Message);
    }

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Builder(settings);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static async Task ConnectAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
    }
}
