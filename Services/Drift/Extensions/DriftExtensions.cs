using Mlops.Drift.Repositories;
using Mlops.Storage;

namespace Mlops.Drift.Extensions;

public static class DriftExtensions
{
    public const string ServiceFolder = "drift";

    public static IHostApplicationBuilder AddDrift(this IHostApplicationBuilder builder)
    {
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var folder = dataRoot.ServiceFolder(ServiceFolder);
        builder.Services.AddSingleton(dataRoot);
        builder.Services.AddSingleton<IDriftRepository>(new SqliteDriftRepository(Path.Combine(folder, "drift.db")));
        return builder;
    }
}
