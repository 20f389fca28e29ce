using Grpc.Health.V1;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Drift.V1;
using Mlops.Frontend.Platform;
using Mlops.Frontend.SignIn;
using Mlops.Inference.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;
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
        builder.AddFrontendSignIn();

        AddClient<IngestionService.IngestionServiceClient>(builder, PlatformServices.Ingestion);
        AddClient<TrainingService.TrainingServiceClient>(builder, PlatformServices.Training);
        AddClient<RegistryService.RegistryServiceClient>(builder, PlatformServices.Registry);
        AddClient<InferenceService.InferenceServiceClient>(builder, PlatformServices.Inference);
        AddClient<DriftService.DriftServiceClient>(builder, PlatformServices.Drift);
        foreach (var service in PlatformServices.All)
        {
            builder.AddPeerClient<Health.HealthClient>(service, clientName: service).AddServiceDiscovery();
        }

        builder.Services.AddSingleton<ServiceHealthProbe>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PrerenderedReads>();
        return builder;
    }

    // The frontend runs without the service defaults' HTTP client setup, so each client resolves its service itself.
    private static void AddClient<TClient>(IHostApplicationBuilder builder, string service) where TClient : class =>
        builder.AddPeerClient<TClient>(service).AddServiceDiscovery().AddInterceptor<SignedInKeyInterceptor>(InterceptorScope.Client);
}
