using Mlops.Storage;
using Mlops.Training.Configs;
using Mlops.Training.Repositories;

namespace Mlops.Training.Extensions;

public static class TrainingExtensions
{
    public const string ServiceFolder = "training";

    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var folder = dataRoot.ServiceFolder(ServiceFolder);
        builder.Services.AddSingleton(dataRoot);
        builder.Services.AddSingleton<IJobRepository>(new SqliteJobRepository(Path.Combine(folder, "training.db")));
        builder.Services.AddSingleton(new ConfigCatalog(ConfigCatalog.Locate(builder.Configuration[ConfigCatalog.ConfigurationKey])));
        return builder;
    }
}
