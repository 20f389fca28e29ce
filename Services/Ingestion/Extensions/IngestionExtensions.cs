using Mlops.Ingestion.Repositories;
using Mlops.Storage;

namespace Mlops.Ingestion.Extensions;

public static class IngestionExtensions
{
    public const string ServiceFolder = "ingestion";

    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var dataRoot = new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]);
        var folder = dataRoot.ServiceFolder(ServiceFolder);
        builder.Services.AddSingleton(dataRoot);
        builder.Services.AddSingleton(new ContentAddressedStore(Path.Combine(folder, "blobs")));
        builder.Services.AddSingleton<IDatasetRepository>(new SqliteDatasetRepository(Path.Combine(folder, "ingestion.db")));
        return builder;
    }
}
