using Microsoft.Extensions.Options;
using Mlops.Automation.Clients;
using Mlops.Automation.Configuration;
using Mlops.Automation.Engine;
using Mlops.Automation.Events;
using Mlops.Automation.Repositories;
using Mlops.Automation.Rules;
using Mlops.Drift.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
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
        var store = new AutomationStore(new SqliteDatabase(Path.Combine(dataRoot.ServiceFolder(ServiceFolder), "automation.db"), AutomationSchema.Migrations));
        services.AddSingleton(dataRoot);
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AutomationOptions>().BindConfiguration(AutomationOptions.Section);

        var settings = builder.Configuration.GetSection(AutomationOptions.Section).Get<AutomationOptions>() ?? new AutomationOptions();
        var configRoot = ConfigFolder.Locate(settings.ConfigRoot);
        var rulesFile = string.IsNullOrWhiteSpace(settings.RulesFile) ? Path.Combine(configRoot, RulesFileName) : Path.GetFullPath(settings.RulesFile);
        services.AddSingleton(new RuleBook(new RuleLoader(configRoot), rulesFile, store));

        services.AddSingleton<EventQueue>();
        services.AddSingleton<RedisEventSubscriber>();
        services.AddSingleton<IPlatform, GrpcPlatform>();
        services.AddSingleton<IEventHistory, GrpcEventHistory>();
        services.AddSingleton<ActionRunner>();
        services.AddSingleton<RuleEngine>();
        services.AddSingleton<JobFollower>();
        services.AddHostedService<AutomationLoop>();

        // The gate scores a whole test split before PromoteModel answers; the default handler's timeouts are for short calls.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; it is the documented way to opt one client out.
        services.AddGrpcClient<IngestionService.IngestionServiceClient>(options => options.Address = new Uri(settings.IngestionAddress));
        services.AddGrpcClient<TrainingService.TrainingServiceClient>(options => options.Address = new Uri(settings.TrainingAddress));
        services.AddGrpcClient<RegistryService.RegistryServiceClient>(options => options.Address = new Uri(settings.RegistryAddress))
            .RemoveAllResilienceHandlers();
        services.AddGrpcClient<DriftService.DriftServiceClient>(options => options.Address = new Uri(settings.DriftAddress));
#pragma warning restore EXTEXP0001
        return builder;
    }
}
