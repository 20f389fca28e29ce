using Microsoft.Extensions.Options;
using Mlops.Automation.Clients;
using Mlops.Automation.Configuration;
using Mlops.Automation.Engine;
using Mlops.Automation.Events;
using Mlops.Automation.Repositories;
using Mlops.Automation.Rules;
using Mlops.Automation.Telemetry;
using Mlops.Drift.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;
using Mlops.Storage;
using Mlops.Training.V1;

namespace Mlops.Automation.Extensions;

public static class AutomationExtensions
{
    public const string ServiceFolder = "automation";
    public const string RulesFileName = "automations.yml";

    public static IHostApplicationBuilder AddAutomation(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var store = new AutomationStore(MetadataSettings.From(builder.Configuration).Open(dataRoot, ServiceFolder, "automation.db", AutomationSchema.Migrations));
        services.AddSingleton(dataRoot);
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AutomationOptions>().BindConfiguration(AutomationOptions.Section);

        var settings = builder.Configuration.GetSection(AutomationOptions.Section).Get<AutomationOptions>() ?? new AutomationOptions();
        var configRoot = ConfigFolder.Locate(settings.ConfigRoot);
        var rulesFile = string.IsNullOrWhiteSpace(settings.RulesFile) ? Path.Combine(configRoot, RulesFileName) : Path.GetFullPath(settings.RulesFile);
        services.AddSingleton(new RuleBook(new RuleLoader(configRoot), rulesFile, store));

        services.AddSingleton<AutomationMetrics>();
        services.AddSingleton<EventQueue>();
        services.AddSingleton<RedisEventSubscriber>();
        services.AddSingleton<IPlatform, GrpcPlatform>();
        services.AddSingleton<IEventHistory, GrpcEventHistory>();
        services.AddSingleton<ActionRunner>();
        services.AddSingleton<RuleEngine>();
        services.AddSingleton<JobFollower>();
        services.AddHostedService<AutomationLoop>();

        builder.AddPeerClient<IngestionService.IngestionServiceClient>("ingestion");
        builder.AddPeerClient<TrainingService.TrainingServiceClient>("training");
        builder.AddPeerClient<RegistryService.RegistryServiceClient>("registry");
        builder.AddPeerClient<DriftService.DriftServiceClient>("drift");
        return builder;
    }
}
