using Mlops.Inference.Serving;
using Mlops.Storage;

namespace Mlops.Inference.Extensions;

public static class InferenceExtensions
{
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new DataRoot(builder.Configuration[DataRoot.ConfigurationKey]));
        builder.Services.AddSingleton<LoadedModels>();
        return builder;
    }
}
