using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;
using Mlops.Training.V1;

namespace Mlops.Bootstrap;

public static class FirstRunExtensions
{
    public static IHostApplicationBuilder AddFirstRun(this IHostApplicationBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        builder.Services.AddOptions<FirstRunOptions>().BindConfiguration(FirstRunOptions.Section);
        // A one-shot job without the service defaults: its clients resolve the services themselves.
        builder.AddPeerClient<IngestionService.IngestionServiceClient>("ingestion").AddServiceDiscovery();
        builder.AddPeerClient<TrainingService.TrainingServiceClient>("training").AddServiceDiscovery();
        builder.AddPeerClient<RegistryService.RegistryServiceClient>("registry").AddServiceDiscovery();
        builder.Services.AddSingleton<FirstRun>();
        return builder;
    }
}
