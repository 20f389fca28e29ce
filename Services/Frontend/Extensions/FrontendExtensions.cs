using Grpc.Health.V1;
using Mlops.Drift.V1;
using Mlops.Frontend.Platform;
using Mlops.Inference.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.Training.V1;
using MudBlazor.Services;

namespace Mlops.Frontend.Extensions;

public static class FrontendExtensions
{
    public static IHostApplicationBuilder AddFrontend(this IHostApplicationBuilder builder)
    {
        // Static assets of the packages (MudBlazor's css and js) are served from the build output in every environment.
        if (builder is WebApplicationBuilder web)
        {
            web.WebHost.UseStaticWebAssets();
        }

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddServiceDiscovery();

        AddClient<IngestionService.IngestionServiceClient>(builder, PlatformServices.Ingestion);
        AddClient<TrainingService.TrainingServiceClient>(builder, PlatformServices.Training);
        AddClient<RegistryService.RegistryServiceClient>(builder, PlatformServices.Registry);
        AddClient<InferenceService.InferenceServiceClient>(builder, PlatformServices.Inference);
        AddClient<DriftService.DriftServiceClient>(builder, PlatformServices.Drift);
        foreach (var service in PlatformServices.All)
        {
            builder.Services.AddGrpcClient<Health.HealthClient>(service, options => options.Address = Address(builder.Configuration, service))
                .AddServiceDiscovery();
        }

        builder.Services.AddSingleton<ServiceHealthProbe>();
        return builder;
    }

    // No resilience handler on these clients: WatchJob is a long-lived stream a request timeout would cut.
    private static void AddClient<TClient>(IHostApplicationBuilder builder, string service) where TClient : class =>
        builder.Services.AddGrpcClient<TClient>(options => options.Address = Address(builder.Configuration, service))
            .ConfigureChannel(channel => channel.MaxReceiveMessageSize = 64 * 1024 * 1024)
            .AddServiceDiscovery();

    /// <summary>A service's gRPC address: `Frontend:Services:&lt;name&gt;` when set (outside Aspire), else Aspire service discovery.</summary>
    private static Uri Address(IConfiguration configuration, string service) =>
        new(configuration[$"Frontend:Services:{service}"] is { Length: > 0 } explicitAddress ? explicitAddress : $"http://_grpc.{service}");
}
