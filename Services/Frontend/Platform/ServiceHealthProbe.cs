using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.ClientFactory;

namespace Mlops.Frontend.Platform;

public sealed record ServiceHealth(string Service, bool Healthy, string Detail);

/// <summary>Asks every platform service's gRPC health endpoint how it is, all at once, each with a short deadline.</summary>
public sealed class ServiceHealthProbe(GrpcClientFactory clients)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    public Task<ServiceHealth[]> CheckAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(PlatformServices.All.Select(service => CheckAsync(service, cancellationToken)));

    private async Task<ServiceHealth> CheckAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await clients.CreateClient<Health.HealthClient>(service)
                .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            var healthy = reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            return new ServiceHealth(service, healthy, healthy ? "serving" : reply.Status.ToString());
        }
        catch (RpcException error)
        {
            return new ServiceHealth(service, false, ServiceCall.Describe(service, error));
        }
    }
}
