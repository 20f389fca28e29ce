using Mlops.ServiceDefaults;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mlops.Training.Configs;

/// <summary>
/// A YAML document as plain values: mappings become ordered dictionaries, sequences lists, scalars strings
/// (null for an empty or null scalar). Types are applied later, by the schema.
/// </summary>
public static class YamlTree
{
    /// <exception cref="ConfigException">The text is not YAML, or its top level is not a mapping.</exception>
    public static Dictionary<string, object?> ParseMapping(string text, string source)
    {
        var node = Parse(text, source);
        return node switch
        {
            null => [],
            Dictionary<string, object?> mapping => mapping,
            _ => throw new ConfigException([$"{source}: the top level must be a mapping of keys to values"]),
        };
    }

    /// <summary>One value written in YAML (e.g. an override's right-hand side: 0.01, [32, 64], adam).</summary>
    public static object? ParseValue(string text)
    {
        if (text.Length == 0)
        {
            return "";
        }

        ThrowIfOverLimits(text, "an override's value");
        try
        {
            return Parse(text, "value");
        }
        catch (ConfigException)
        {
            // Not YAML on its own (e.g. "@tag"): take the text as it is.
            return text;
        }
    }

    private static void ThrowIfOverLimits(string text, string source)
    {
        if (YamlLimits.Problem(text, source) is { } problem)
        {
            throw new ConfigException([problem]);
        }
    }

    private static object? Parse(string text, string source)
    {
        ThrowIfOverLimits(text, source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException([$"{source} is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}"]);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet reports some malformed documents (e.g. an unclosed flow mapping) this way.
            throw new ConfigException([$"{source} is not valid YAML: {e.Message}"]);
        }
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode, source);
    }

    private static object? Convert(YamlNode node, string source) => node switch
    {
        YamlScalarNode scalar => IsNull(scalar) ? null : scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(child => Convert(child, source)).ToList(),
        YamlMappingNode mapping => ConvertMapping(mapping, source),
        _ => throw new ConfigException([$"{source}: aliases and other YAML node kinds are not supported (line {node.Start.Line})"]),
    };

    private static Dictionary<string, object?> ConvertMapping(YamlMappingNode mapping, string source)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw new ConfigException([$"{source}: every key must be plain text (line {key.Start.Line})"]);
            }

            if (!result.TryAdd(name, Convert(value, source)))
            {
                throw new ConfigException([$"{source}: key '{name}' appears twice (line {key.Start.Line})"]);
            }
        }
        return result;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
