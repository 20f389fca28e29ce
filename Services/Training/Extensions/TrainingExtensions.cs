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

    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var folder = dataRoot.ServiceFolder(ServiceFolder);
        services.AddSingleton(dataRoot);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IJobRepository>(new SqlJobRepository(
            MetadataSettings.From(builder.Configuration).Open(dataRoot, ServiceFolder, "training.db", TrainingSchema.Migrations)));
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
        services.AddSingleton<IJobEndListener, TrainingMetrics>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobSubmitter>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobCanceller>();
        services.AddSingleton<JobWatcher>();
        services.AddSingleton<MedianStoppingRule>();
        services.AddSingleton<RunCheckpoints>();
        services.AddSingleton<TrainingJobRunner>();
        services.AddSingleton<SweepCoordinator>();
        services.AddSingleton<IDatasetCatalog, IngestionDatasetCatalog>();
        services.AddSingleton<IRunTracker, RegistryRunTracker>();
        services.AddHostedService<TrainingWorkers>();

        builder.AddPeerClient<IngestionService.IngestionServiceClient>("ingestion");
        builder.AddPeerClient<RegistryService.RegistryServiceClient>("registry");

        services.AddExceptionStatusMap(TrainingErrorStatus.Map);
        return builder;
    }
}
