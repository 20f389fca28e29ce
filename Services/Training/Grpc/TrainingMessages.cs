using Mlops.Training.Configs;
using Mlops.Training.Sweeps;
using Mlops.Training.V1;

namespace Mlops.Training.Grpc;

/// <summary>Checks request messages against the request limits, then maps them to the domain's inputs.</summary>
internal static class TrainingMessages
{
    /// <summary>The config the request names; a model name or experiment given beside it override the config's.</summary>
    public static ConfigRequest ConfigRequest(ConfigSource? source, string modelName, string experiment)
    {
        TrainingRequestLimits.ValidateConfigSource(source);
        TrainingRequestLimits.ValidateName("model_name", modelName);
        TrainingRequestLimits.ValidateName("experiment", experiment);
        return source.ToDomain(modelName, experiment);
    }

    public static SweepPlan SweepPlan(SubmitSweepRequest request)
    {
        var config = ConfigRequest(request.Config, request.ModelName, request.Experiment);
        return request.ToDomain() with { BaseConfig = config };
    }
}
