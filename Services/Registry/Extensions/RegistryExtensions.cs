using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using Mlops.Ingestion.V1;
using Mlops.Registry.Artifacts;
using Mlops.Registry.Clients;
using Mlops.Registry.Events;
using Mlops.Registry.Gate;
using Mlops.Registry.Grpc;
using Mlops.Registry.Models;
using Mlops.Registry.Repositories;
using Mlops.Registry.Runs;
using Mlops.ServiceDefaults;
using Mlops.Storage;
using Mlops.Webhooks;

namespace Mlops.Registry.Extensions;

public static class RegistryExtensions
{
    public const string ServiceFolder = "registry";

    /// <summary>Where alias changes are POSTed and how hard to try (<see cref="WebhookOptions"/>).</summary>
    public const string WebhooksSection = "Registry:Webhooks";

    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var folder = dataRoot.ServiceFolder(ServiceFolder);
        var database = MetadataSettings.From(builder.Configuration).Open(dataRoot, ServiceFolder, "registry.db", RegistrySchema.Migrations);
        services.AddSingleton(dataRoot);
        services.AddSingleton(BlobStoreSettings.From(builder.Configuration).Create(dataRoot, $"{ServiceFolder}/artifacts"));
        services.AddSingleton<IRunRepository>(new SqlRunRepository(database));
        services.AddSingleton<IModelRepository>(new SqlModelRepository(database));
        services.AddSingleton<IArtifactRepository>(new SqlArtifactRepository(database));
        var webhookDeliveries = new SqlWebhookDeliveryRepository(database);
        services.AddSingleton<IWebhookDeliveryRepository>(webhookDeliveries);
        services.AddSingleton<IWebhookDeliveryLog>(webhookDeliveries);
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<GatePolicy>().BindConfiguration(GatePolicy.Section);
        services.AddOptions<GarbageCollectionOptions>().BindConfiguration(GarbageCollectionOptions.Section);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<GatePolicy>>().Value);

        services.AddSingleton<RunStore>();
        services.AddSingleton<RunRetirement>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<ModelAliases>();
        services.AddSingleton<PromotionGate>();
        services.AddSingleton<ITestSplitSource, IngestionTestSplitSource>();

        services.AddSingleton<AliasBroadcaster>();
        services.AddSingleton<IAliasChangeSink>(provider => provider.GetRequiredService<AliasBroadcaster>());
        services.AddSingleton<IAliasChangeSink, WebhookAliasPublisher>();
        services.AddSingleton<IAliasChangeSink, RedisAliasPublisher>();
        services.AddSingleton<IModelVersionSink, RedisModelVersionPublisher>();
        services.AddWebhooks(builder.Configuration.GetSection(WebhooksSection));

        builder.AddPeerClient<IngestionService.IngestionServiceClient>("ingestion");

        services.AddExceptionStatusMap(RegistryErrorStatus.Map);
        return builder;
    }
}
