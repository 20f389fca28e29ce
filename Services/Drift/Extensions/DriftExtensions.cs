using Microsoft.Extensions.Options;
using Mlops.Drift.Alerts;
using Mlops.Drift.Clients;
using Mlops.Drift.Configuration;
using Mlops.Drift.Detection;
using Mlops.Drift.Grpc;
using Mlops.Drift.Monitoring;
using Mlops.Drift.References;
using Mlops.Drift.Repositories;
using Mlops.Drift.Robustness;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;
using Mlops.Storage;
using Mlops.Webhooks;

namespace Mlops.Drift.Extensions;

public static class DriftExtensions
{
    public const string ServiceFolder = "drift";

    public static IHostApplicationBuilder AddDrift(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var database = MetadataSettings.From(builder.Configuration).Open(dataRoot, ServiceFolder, "drift.db", DriftSchema.Migrations);
        var repository = new SqlDriftRepository(database);
        services.AddSingleton(dataRoot);
        services.AddExceptionStatusMap(DriftErrorStatus.Map);
        services.AddSingleton<IDriftRepository>(repository);
        services.AddSingleton<IReferenceStore>(repository);
        services.AddSingleton<IWebhookDeliveryLog>(new SqlWebhookDeliveryLog(database));
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<DriftOptions>().BindConfiguration(DriftOptions.Section);
        services.AddSingleton(provider => new WindowAnalyzer(provider.GetRequiredService<IOptions<DriftOptions>>().Value.Detection));
        services.AddSingleton(provider => new AlertTracker(provider.GetRequiredService<IOptions<DriftOptions>>().Value.Alerts.ConsecutiveWindows));
        services.AddSingleton<IReferenceSource, GrpcReferenceSource>();
        services.AddSingleton<ReferenceBuilder>();
        services.AddSingleton<ReferenceCache>();
        services.AddSingleton<ModelDirectory>();
        services.AddSingleton<DriftMetrics>();
        services.AddSingleton<DriftMonitor>();
        services.AddSingleton<RobustnessCheck>();
        services.AddHostedService<WindowTimer>();

        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<AlertBroadcaster>();
        services.AddSingleton<IAlertSink>(provider => provider.GetRequiredService<AlertBroadcaster>());
        services.AddSingleton<IAlertSink, RedisAlertPublisher>();
        services.AddSingleton<IAlertSink, WebhookAlertSink>();
        services.AddWebhooks(builder.Configuration.GetSection($"{DriftOptions.Section}:Webhooks"));

        builder.AddPeerClient<RegistryService.RegistryServiceClient>("registry");
        builder.AddPeerClient<IngestionService.IngestionServiceClient>("ingestion");
        return builder;
    }
}
