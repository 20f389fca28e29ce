using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Drift.V1;
using Mlops.Inference.Batching;
using Mlops.Inference.Caching;
using Mlops.Inference.Collection;
using Mlops.Inference.Grpc;
using Mlops.Inference.Serving;
using Mlops.Inference.Telemetry;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;

namespace Mlops.Inference.Extensions;

public static class InferenceExtensions
{
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section);
        services.AddOptions<BatchingOptions>().BindConfiguration(BatchingOptions.Section);
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section);
        services.AddOptions<CollectionOptions>().BindConfiguration(CollectionOptions.Section);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<InferenceMetrics>();
        services.AddSingleton<LoadedModels>();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<PredictionCache>();
        services.AddSingleton<PredictionCollector>();
        services.AddSingleton<PredictionPipeline>();
        services.AddSingleton<IPredictionRecordSink, DriftRecordSink>();
        services.AddHostedService<RegistryWatcher>();
        services.AddHostedService<DriftShipper>();
        services.AddHostedService<CacheWarmUp>();
        services.AddHealthChecks().AddCheck<ModelReadinessCheck>("model");

        builder.AddPeerClient<RegistryService.RegistryServiceClient>("registry");
        builder.AddPeerClient<DriftService.DriftServiceClient>("drift");

        services.AddExceptionStatusMap(InferenceErrorStatus.Map);
        services.AddSingleton<IFailedCallObserver, FailedCallCounter>();
        services.AddGrpc().AddJsonTranscoding();
        return builder;
    }
}
