using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mlops.Registry.Runs;

/// <summary>Turns a YAML config into <c>dotted.key → value</c> pairs, so two configs compare key by key.</summary>
public static class ConfigFlattener
{
    public static IReadOnlyDictionary<string, string> Flatten(string yaml)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return result;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            foreach (var document in stream.Documents)
            {
                Visit(document.RootNode, "", result);
            }
        }
        catch (YamlException)
        {
            // A config that is not YAML still compares, as one opaque value.
            result.Clear();
            result["config_yaml"] = yaml.Trim();
        }

        return result;
    }

    private static void Visit(YamlNode node, string path, IDictionary<string, string> result)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
                    Visit(value, path.Length == 0 ? name : $"{path}.{name}", result);
                }

                break;
            case YamlSequenceNode sequence:
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    Visit(item, $"{path}[{index++}]", result);
                }

                break;
            case YamlScalarNode scalar:
                result[path.Length == 0 ? "value" : path] = scalar.Value ?? "";
                break;
        }
    }
}
