using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mlops.ServiceDefaults;

/// <summary>
/// Bounds on a YAML text checked by streaming its events before anything builds a tree: nested anchors
/// ("billion laughs") expand exponentially and deep nesting overflows recursive loaders, so both are refused up front.
/// </summary>
public static class YamlLimits
{
    public const int MaxChars = 64 * 1024;
    public const int MaxDepth = 32;
    public const int MaxAliases = 64;
    public const int MaxNodes = 10_000;

    /// <summary>What is over a limit in <paramref name="yaml"/>, naming the limit; null when it is within all of them (or does not parse, which the caller's own parse reports).</summary>
    public static string? Problem(string yaml, string source)
    {
        if (yaml.Length > MaxChars)
        {
            return $"{source} is {yaml.Length} characters; at most {MaxChars} are accepted (YAML size limit).";
        }
        // Nodes counted as a loader would build them: an alias adds the whole size of the node it names.
        long nodes = 0;
        var aliases = 0;
        var open = new Stack<(string Anchor, long StartNodes)>();
        var anchoredSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var parser = new Parser(new StringReader(yaml));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case NodeEvent { } node and (MappingStart or SequenceStart):
                        open.Push((node.Anchor.IsEmpty ? "" : node.Anchor.Value, nodes));
                        nodes++;
                        if (open.Count > MaxDepth)
                        {
                            return $"{source} nests deeper than {MaxDepth} levels (YAML depth limit).";
                        }

                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        var (anchor, startNodes) = open.Pop();
                        if (anchor.Length > 0)
                        {
                            anchoredSizes[anchor] = nodes - startNodes;
                        }

                        break;
                    case AnchorAlias alias:
                        if (++aliases > MaxAliases)
                        {
                            return $"{source} uses more than {MaxAliases} aliases (YAML alias limit).";
                        }

                        nodes += anchoredSizes.GetValueOrDefault(alias.Value.Value, 1);
                        break;
                    case Scalar scalar:
                        nodes++;
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchoredSizes[scalar.Anchor.Value] = 1;
                        }

                        break;
                }

                if (nodes > MaxNodes)
                {
                    return $"{source} holds more than {MaxNodes} values once its aliases are expanded (YAML node limit).";
                }
            }
        }
        catch (Exception error) when (error is YamlException or ArgumentException or InvalidOperationException)
        {
            return null;
        }

        return null;
    }
}
