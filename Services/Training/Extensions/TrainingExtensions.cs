using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;
using Mlops.Storage;
using Mlops.Training.Clients;
using Mlops.Training.Configs;
using Mlops.Training.Grpc;
using Mlops.Training.Jobs;
using Mlops.Training.Queue;
using Mlops.Training.Repositories;
using Mlops.Training.Sweeps;
using Mlops.Training.Workers;
using StackExchange.Redis;

namespace Mlops.Training.Extensions;

public static class TrainingExtensions
{
    public const string ServiceFolder = "training";

    /// <summary>The "ingestion" resource's gRPC endpoint through service discovery, unless an address is configured.</summary>
    public const string DefaultIngestionAddress = "http://_grpc.ingestion";
    public const string IngestionAddressKey = "Training:IngestionAddress";

    public const string DefaultRegistryAddress = "http://_grpc.registry";
    public const string RegistryAddressKey = "Training:RegistryAddress";

    private const int MaxReceiveMessageBytes = 16 * 1024 * 1024;

    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var folder = dataRoot.ServiceFolder(ServiceFolder);
        services.AddSingleton(dataRoot);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IJobRepository>(new SqliteJobRepository(Path.Combine(folder, "training.db")));
        services.AddSingleton(new ConfigCatalog(ConfigCatalog.Locate(builder.Configuration[ConfigCatalog.ConfigurationKey])));
        services.AddSingleton<ConfigResolver>();
        services.AddSingleton(new DatasetCache(Path.Combine(folder, "datasets")));

        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section);
        services.AddSingleton<IJobQueue>(provider =>
        {
            var redis = provider.GetRequiredService<CacheBackend>().IsRedis ? provider.GetService<IConnectionMultiplexer>() : null;
            var settings = provider.GetRequiredService<IOptions<WorkerOptions>>().Value;
            return redis is null
                ? new InProcessJobQueue()
                : new RedisJobQueue(redis, new RedisQueueOptions { ClaimIdle = TimeSpan.FromSeconds(settings.ClaimIdleSeconds) });
        });

        services.AddSingleton<JobEventHub>();
        services.AddSingleton<SweepTracker>();
        services.AddSingleton<IJobEndListener>(provider => provider.GetRequiredService<SweepTracker>());
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobSubmitter>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobCanceller>();
        services.AddSingleton<JobWatcher>();
        services.AddSingleton<MedianStoppingRule>();
        services.AddSingleton<TrainingJobRunner>();
        services.AddSingleton<SweepCoordinator>();
        services.AddSingleton<IDatasetCatalog, IngestionDatasetCatalog>();
        services.AddSingleton<IRunTracker, RegistryRunTracker>();
        services.AddHostedService<TrainingWorkers>();

        var ingestion = new Uri(builder.Configuration[IngestionAddressKey] ?? DefaultIngestionAddress);
        var registry = new Uri(builder.Configuration[RegistryAddressKey] ?? DefaultRegistryAddress);
        // Splits stream and trainings run for minutes; the default handler's timeouts and retries are for short calls.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out.
        services.AddGrpcClient<IngestionService.IngestionServiceClient>(options => options.Address = ingestion)
            .ConfigureChannel(channel => channel.MaxReceiveMessageSize = MaxReceiveMessageBytes)
            .RemoveAllResilienceHandlers();
        services.AddGrpcClient<RegistryService.RegistryServiceClient>(options => options.Address = registry)
            .ConfigureChannel(channel => channel.MaxReceiveMessageSize = MaxReceiveMessageBytes)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddExceptionStatusMap(TrainingErrorStatus.Map);
        return builder;
    }
}
