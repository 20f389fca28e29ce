using Microsoft.Extensions.Options;
using Mlops.Ingestion.Clients;
using Mlops.Ingestion.Configuration;
using Mlops.Ingestion.Events;
using Mlops.Ingestion.Grpc;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Profiles;
using Mlops.Ingestion.Reading;
using Mlops.Ingestion.Remote;
using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.Retention;
using Mlops.Ingestion.Versioning;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;
using Mlops.Storage;

namespace Mlops.Ingestion.Extensions;

public static class IngestionExtensions
{
    public const string ServiceFolder = "ingestion";

    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        builder.Services.Configure<IngestionOptions>(builder.Configuration.GetSection(IngestionOptions.SectionName));
        builder.Services.AddSingleton(dataRoot);
        builder.Services.AddExceptionStatusMap(IngestionErrorStatus.Map);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(BlobStoreSettings.From(builder.Configuration).Create(dataRoot, $"{ServiceFolder}/blobs"));
        builder.Services.AddSingleton<IDatasetRepository>(new SqlDatasetRepository(
            MetadataSettings.From(builder.Configuration).Open(dataRoot, ServiceFolder, "ingestion.db", IngestionSchema.Migrations)));
        builder.Services.AddSingleton(services =>
        {
            var configured = services.GetRequiredService<IOptions<IngestionOptions>>().Value.ImportRoots;
            return new ImportRoots(configured.Count > 0 ? configured : ImportRoots.Defaults(dataRoot));
        });
        builder.Services.AddSingleton<IdxDatasetReader>();
        builder.Services.AddSingleton<ClassFolderReader>();
        builder.Services.AddSingleton(ProfileOptions.Default);
        builder.Services.AddSingleton<DatasetVersionWriter>();
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton(services => new SplitCache(services.GetRequiredService<IOptions<IngestionOptions>>().Value.SampleCacheBytes));
        builder.Services.AddSingleton<VersionReader>();
        builder.Services.AddSingleton<VersionExporter>();
        builder.Services.AddSingleton(services => new DatasetRemote(
            services.GetRequiredService<IBlobStore>(), services.GetRequiredService<IDatasetRepository>(), services.GetRequiredService<VersionReader>(),
            services.GetServices<IDatasetVersionListener>(), Remote(builder.Configuration, dataRoot), services.GetRequiredService<BlobWriteGate>()));
        builder.Services.AddSingleton<BlobWriteGate>();
        builder.Services.AddSingleton<OrphanBlobCollector>();
        builder.Services.AddSingleton<VersionRetirement>();
        builder.Services.AddSingleton<IDatasetUsageSource, RegistryDatasetUsage>();
        builder.AddPeerClient<RegistryService.RegistryServiceClient>("registry");
        builder.Services.AddSingleton<DatasetEventBroadcaster>();
        builder.Services.AddSingleton<IDatasetVersionListener>(services => services.GetRequiredService<DatasetEventBroadcaster>());
        builder.Services.AddSingleton<IDatasetVersionListener, RedisDatasetEventPublisher>();
        return builder;
    }

    /// <summary>The remote of push and pull, when Storage:Remote:Kind is set.</summary>
    private static RemoteStore? Remote(IConfiguration configuration, DataRoot dataRoot)
    {
        if (string.IsNullOrWhiteSpace(configuration[$"{RemoteStore.Section}:Kind"]))
        {
            return null;
        }

        var settings = BlobStoreSettings.From(configuration, RemoteStore.Section);
        return new RemoteStore(settings.Create(dataRoot, "datasets/blobs"), settings.CreateDocuments(dataRoot, "datasets"));
    }
}
