using Mlops.Training.V1;

namespace Mlops.Cli.Input;

/// <summary>
/// Reads `[config] [key=value ...]`: the one token without '=' names a config in configs/ or a local YAML file
/// (sent whole, so the service need not see the file); every key=value is an override or a group choice (model=small).
/// </summary>
public static class ConfigArguments
{
    public static ConfigSource Parse(IEnumerable<string> tokens, Func<string, bool> fileExists, Func<string, string> readFile)
    {
        var source = new ConfigSource();
        string? config = null;
        foreach (var token in tokens)
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                if (config is not null)
                {
                    throw new UsageException($"two configs given ('{config}' and '{token}'); overrides are written key=value.");
                }

                config = token;
                continue;
            }

            if (equals == 0)
            {
                throw new UsageException($"override '{token}' has no key; write key=value, e.g. optimizer.learning_rate=0.0005.");
            }

            source.Overrides.Add(token);
        }

        if (config is null)
        {
            source.Name = "default";
        }
        else if (LooksLikeFile(config))
        {
            if (!fileExists(config))
            {
                throw new UsageException($"config file '{config}' does not exist.");
            }

            source.Yaml = readFile(config);
        }
        else
        {
            source.Name = config;
        }

        return source;
    }

    private static bool LooksLikeFile(string config) =>
        config.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ||
        config.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ||
        config.Contains('/', StringComparison.Ordinal) ||
        config.Contains('\\', StringComparison.Ordinal);
}
