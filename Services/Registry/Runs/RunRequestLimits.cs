using Mlops.Registry.Model;
using Mlops.ServiceDefaults;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mlops.Registry.Runs;

/// <summary>What a run request may hold: every text bounded, a config that is YAML, metric values that are numbers.</summary>
public static class RunRequestLimits
{
    public const int MaxNameChars = 256;
    public const int MaxTags = 64;
    public const int MaxPointsPerCall = 10_000;
    public const int MaxFailureReasonChars = 16 * 1024;

    public static void ValidateCreate(NewRun request)
    {
        if (string.IsNullOrWhiteSpace(request.Experiment))
        {
            throw RegistryException.InvalidArgument("Give the run's experiment (e.g. 'fashion-baseline'): runs are grouped and compared by it.");
        }

        Text("experiment", request.Experiment);
        Text("name", request.Name);
        Text("dataset_version", request.DatasetVersionId);
        Text("git_commit", request.GitCommit);
        if (request.Tags.Count > MaxTags)
        {
            throw RegistryException.InvalidArgument($"A run holds at most {MaxTags} tags, not {request.Tags.Count}.");
        }

        foreach (var (key, value) in request.Tags)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw RegistryException.InvalidArgument("Every tag needs a key.");
            }

            Text("tag key", key);
            Text($"tag '{EchoedInput.Of(key)}'", value);
        }

        ValidateConfig(request.ConfigYaml);
    }

    public static void ValidateMetrics(IReadOnlyList<MetricSample> points)
    {
        if (points.Count > MaxPointsPerCall)
        {
            throw RegistryException.InvalidArgument($"LogMetrics takes at most {MaxPointsPerCall} points a call, not {points.Count}; send them in parts.");
        }

        foreach (var point in points)
        {
            if (string.IsNullOrWhiteSpace(point.Key))
            {
                throw RegistryException.InvalidArgument("Every metric point needs a key (e.g. 'val_loss').");
            }

            Text("metric key", point.Key);
            Finite(point.Key, point.Value);
            if (point.Step < 0 || point.Epoch < 0)
            {
                throw RegistryException.InvalidArgument($"Metric '{EchoedInput.Of(point.Key)}': step and epoch must not be negative (got {point.Step}, {point.Epoch}).");
            }
        }
    }

    public static void ValidateFinish(RunEnding request)
    {
        if (request.Status is not (RunState.Finished or RunState.Failed or RunState.Cancelled))
        {
            throw RegistryException.InvalidArgument($"FinishRun needs a final status: FINISHED, FAILED or CANCELLED, not {request.Status}.");
        }

        if (request.FailureReason.Length > MaxFailureReasonChars)
        {
            throw RegistryException.InvalidArgument($"failure_reason is {request.FailureReason.Length} characters; at most {MaxFailureReasonChars} are accepted.");
        }

        foreach (var (key, value) in request.FinalMetrics)
        {
            Text("metric key", key);
            Finite(key, value);
        }
    }

    private static void Text(string field, string value)
    {
        if (value.Length > MaxNameChars)
        {
            throw RegistryException.InvalidArgument($"{field} is {value.Length} characters; at most {MaxNameChars} are accepted: '{EchoedInput.Of(value)}'.");
        }

        if (value.Any(char.IsControl))
        {
            throw RegistryException.InvalidArgument($"{field} must not hold control characters (NUL, newline, ...): '{EchoedInput.Of(value)}'.");
        }
    }

    private static void Finite(string key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw RegistryException.InvalidArgument($"Metric '{EchoedInput.Of(key)}' is {value}; metric values must be finite numbers.");
        }
    }

    private static void ValidateConfig(string yaml)
    {
        if (yaml.Length == 0)
        {
            return;
        }

        if (YamlLimits.Problem(yaml, "config_yaml") is { } problem)
        {
            throw RegistryException.InvalidArgument(problem);
        }

        try
        {
            new YamlStream().Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw RegistryException.InvalidArgument($"config_yaml is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {EchoedInput.Of(e.InnerException?.Message ?? e.Message)}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet reports some malformed documents (e.g. an unclosed flow mapping) this way.
            throw RegistryException.InvalidArgument($"config_yaml is not valid YAML: {EchoedInput.Of(e.Message)}");
        }
    }
}
