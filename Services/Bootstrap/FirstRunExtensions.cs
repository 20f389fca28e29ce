using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.Training.V1;

namespace Mlops.Bootstrap;

public static class FirstRunExtensions
{
    public static IHostApplicationBuilder AddFirstRun(this IHostApplicationBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        builder.Services.AddOptions<FirstRunOptions>().BindConfiguration(FirstRunOptions.Section);
        AddClient<IngestionService.IngestionServiceClient>(builder, "ingestion");
        AddClient<TrainingService.TrainingServiceClient>(builder, "training");
        AddClient<RegistryService.RegistryServiceClient>(builder, "registry");
        builder.Services.AddSingleton<FirstRun>();
        return builder;
    }

    private static void AddClient<TClient>(IHostApplicationBuilder builder, string service) where TClient : class =>
        builder.Services.AddGrpcClient<TClient>(options => options.Address = new Uri($"http://_grpc.{service}"))
            .AddServiceDiscovery();
}
