using Mlops.ServiceDefaults;
using Mlops.Training.Configs;
using Mlops.Training.V1;

namespace Mlops.Training.Grpc;

/// <summary>What a config source may hold, checked before anything is parsed: a config is always named or given, never implied.</summary>
internal static class TrainingRequestLimits
{
    public const int MaxOverrides = 100;
    public const int MaxOverrideChars = 1000;
    public const int MaxNameChars = 200;

    public static void ValidateConfigSource(ConfigSource? source)
    {
        switch (source?.ConfigCase)
        {
            case null or ConfigSource.ConfigOneofCase.None:
                throw new ConfigException(["no config given: name one (e.g. 'default' or 'quick'; ListConfigs shows them) or send its YAML"]);
            case ConfigSource.ConfigOneofCase.Name:
                if (string.IsNullOrWhiteSpace(source.Name))
                {
                    throw new ConfigException(["the config name is empty: name one (ListConfigs shows them) or send its YAML"]);
                }

                ValidateName("config name", source.Name);
                break;
            case ConfigSource.ConfigOneofCase.Yaml:
                if (string.IsNullOrWhiteSpace(source.Yaml))
                {
                    throw new ConfigException(["the config YAML is empty: send a config's YAML, or name one (ListConfigs shows them)"]);
                }

                if (YamlLimits.Problem(source.Yaml, "the config YAML") is { } problem)
                {
                    throw new ConfigException([problem]);
                }

                break;
        }

        if (source.Overrides.Count > MaxOverrides)
        {
            throw new ConfigException([$"{source.Overrides.Count} overrides given; at most {MaxOverrides} are accepted (the override limit)"]);
        }

        foreach (var text in source.Overrides)
        {
            if (text.Length > MaxOverrideChars)
            {
                throw new ConfigException([$"override '{EchoedInput.Of(text)}' is {text.Length} characters; at most {MaxOverrideChars} are accepted"]);
            }
        }
    }

    public static void ValidateName(string field, string value)
    {
        if (value.Length > MaxNameChars || value.Any(char.IsControl))
        {
            throw new ConfigException([$"{field} '{EchoedInput.Of(value)}' must be at most {MaxNameChars} characters without control characters"]);
        }
    }
}
