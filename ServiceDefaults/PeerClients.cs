using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mlops.ServiceDefaults;

/// <summary>
/// The one way a service calls another platform service: the address is <c>Services:&lt;service&gt;</c> when configured
/// (Cloud Run, containers, tests), else the service's gRPC endpoint through Aspire service discovery.
/// </summary>
public static class PeerClients
{
    public const string Section = "Services";

    /// <summary>Large enough for a batch of samples or an artifact chunk; the peers' own limits bound what they send.</summary>
    public const int MaxReceiveMessageBytes = 16 * 1024 * 1024;

    public static Uri Address(IConfiguration configuration, string service) =>
        new(configuration[$"{Section}:{service}"] is { Length: > 0 } configured ? configured : $"http://_grpc.{service}");

    /// <param name="clientName">Names the client when one type is registered once per service (a health client each).</param>
    public static IHttpClientBuilder AddPeerClient<TClient>(this IHostApplicationBuilder builder, string service, string? clientName = null)
        where TClient : class
    {
        var address = Address(builder.Configuration, service);
        Action<GrpcClientFactoryOptions> configure = options => options.Address = address;
        var client = clientName is null
            ? builder.Services.AddGrpcClient<TClient>(configure)
            : builder.Services.AddGrpcClient<TClient>(clientName, configure);

        // Peers stream splits, artifacts and watches for minutes: the standard resilience handler's request timeouts and
        // retries are for short calls, so callers decide themselves what to retry.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt a client out.
        if (Auth.AuthExtensions.ClientKey(builder.Configuration) is { } key)
        {
            client.AddHttpMessageHandler(() => new Auth.ApiKeyHeaderHandler(key));
        }

        return client
            .ConfigureChannel(channel => channel.MaxReceiveMessageSize = MaxReceiveMessageBytes)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
