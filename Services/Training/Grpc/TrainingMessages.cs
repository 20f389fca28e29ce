using Mlops.Training.Configs;
using Mlops.Training.Sweeps;
using Mlops.Training.V1;

namespace Mlops.Training.Grpc;

/// <summary>Maps request messages to the domain's inputs.</summary>
internal static class TrainingMessages
{
    /// <summary>The config the request names; a model name or experiment given beside it override the config's.</summary>
    public static ConfigRequest ConfigRequest(ConfigSource? source, string modelName, string experiment)
    {
        TrainingRequestLimits.ValidateConfigSource(source);
        TrainingRequestLimits.ValidateName("model_name", modelName);
        TrainingRequestLimits.ValidateName("experiment", experiment);
        var overrides = new List<string>(source?.Overrides ?? []);
        if (!string.IsNullOrWhiteSpace(modelName))
        {
            overrides.Add($"register.model_name={modelName.Trim()}");
        }

        if (!string.IsNullOrWhiteSpace(experiment))
        {
            overrides.Add($"tracking.experiment={experiment.Trim()}");
        }

        return source?.ConfigCase == ConfigSource.ConfigOneofCase.Yaml
            ? new ConfigRequest(null, source.Yaml, overrides)
            : new ConfigRequest(source?.Name, null, overrides);
    }

    public static SweepPlan SweepPlan(SubmitSweepRequest request) => new(
        ConfigRequest(request.Config, request.ModelName, request.Experiment),
        request.Parameters.Select(Parameter).ToList(),
        request.Strategy == SweepStrategy.Random ? SearchStrategy.Random : SearchStrategy.Grid,
        request.MaxTrials,
        request.Metric,
        request.Goal,
        request.MedianStopping,
        request.Seed);

    private static ParameterSpace Parameter(SweepParameter parameter) => parameter.SpaceCase switch
    {
        SweepParameter.SpaceOneofCase.Values => ParameterSpace.List(parameter.Key, [.. parameter.Values.Values]),
        SweepParameter.SpaceOneofCase.Range => ParameterSpace.Range(parameter.Key, parameter.Range.Min, parameter.Range.Max,
            parameter.Range.LogScale, parameter.Range.Integer, parameter.Range.GridPoints),
        _ => throw new SweepSpaceException($"Parameter '{parameter.Key}' declares no space: give values or a range."),
    };
}
