using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Mlops.Automation.V1;
using Mlops.Drift.V1;
using Mlops.Inference.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.Training.V1;

namespace Mlops.Cli.Connection;

/// <summary>One channel per service, opened on first use; every client's errors carry the service's name and address.</summary>
public sealed class ServiceClients(ServiceAddresses addresses, string? apiKey = null) : IDisposable
{
    // Dataset exports and batch predictions carry large messages; the services cap theirs at 16 MiB.
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly Dictionary<ServiceEndpoint, GrpcChannel> channels = [];

    public ServiceAddresses Addresses { get; } = addresses;

    public IngestionService.IngestionServiceClient Ingestion => new(Invoker(Addresses.Ingestion));

    public DatasetRemoteService.DatasetRemoteServiceClient DatasetRemote => new(Invoker(Addresses.Ingestion));

    public TrainingService.TrainingServiceClient Training => new(Invoker(Addresses.Training));

    public RegistryService.RegistryServiceClient Registry => new(Invoker(Addresses.Registry));

    public InferenceService.InferenceServiceClient Inference => new(Invoker(Addresses.Inference));

    public DriftService.DriftServiceClient Drift => new(Invoker(Addresses.Drift));

    public AutomationService.AutomationServiceClient Automation => new(Invoker(Addresses.Automation));

    public Health.HealthClient Health(ServiceEndpoint service) => new(Invoker(service));

    public void Dispose()
    {
        foreach (var channel in channels.Values)
        {
            channel.Dispose();
        }

        channels.Clear();
    }

    private CallInvoker Invoker(ServiceEndpoint service)
    {
        if (!channels.TryGetValue(service, out var channel))
        {
            channel = GrpcChannel.ForAddress(service.Address, new GrpcChannelOptions
            {
                MaxReceiveMessageSize = MaxMessageBytes,
                MaxSendMessageSize = MaxMessageBytes,
                HttpHandler = new SocketsHttpHandler
                {
                    ConnectTimeout = TimeSpan.FromSeconds(5),
                    EnableMultipleHttp2Connections = true,
                },
            });
            channels[service] = channel;
        }

        var invoker = channel.Intercept(new ServiceErrorInterceptor(service));
        return string.IsNullOrEmpty(apiKey)
            ? invoker
            : invoker.Intercept(metadata =>
            {
                metadata.Add("x-api-key", apiKey);
                return metadata;
            });
    }
}
