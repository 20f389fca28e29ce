using Mlops.Registry.Repositories;
using Mlops.Storage;

namespace Mlops.Registry.Extensions;

public static class RegistryExtensions
{
    public const string ServiceFolder = "registry";

    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder)
    {
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var folder = dataRoot.ServiceFolder(ServiceFolder);
        builder.Services.AddSingleton(dataRoot);
        builder.Services.AddSingleton(new ContentAddressedStore(Path.Combine(folder, "artifacts")));
        var database = new SqliteDatabase(Path.Combine(folder, "registry.db"), RegistrySchema.Migrations);
        builder.Services.AddSingleton<IRunRepository>(new SqliteRunRepository(database));
        builder.Services.AddSingleton<IModelRepository>(new SqliteModelRepository(database));
        return builder;
    }
}
