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
    /// <summary>An explicit address wins; else Aspire's service discovery resolves the service's "grpc" endpoint.</summary>
    public const string RegistryAddressKey = "Services:Registry";
    public const string DriftAddressKey = "Services:Drift";

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

        // Long-lived streams (the alias watch) must not get the standard resilience handler's request timeouts.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt a client out.
        services.AddGrpcClient<RegistryService.RegistryServiceClient>(client => client.Address = Address(builder.Configuration, RegistryAddressKey, "registry"))
            .RemoveAllResilienceHandlers();
        services.AddGrpcClient<DriftService.DriftServiceClient>(client => client.Address = Address(builder.Configuration, DriftAddressKey, "drift"))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddExceptionStatusMap(InferenceErrorStatus.Map);
        services.AddSingleton<IFailedCallObserver, FailedCallCounter>();
        services.AddGrpc().AddJsonTranscoding();
        return builder;
    }

    private static Uri Address(IConfiguration configuration, string key, string service) =>
        new(configuration[key] is { Length: > 0 } explicitAddress ? explicitAddress : $"http://_grpc.{service}");
}
