namespace Mlops.Training.Configs;

/// <summary>Writes resolved values as YAML in schema order, one canonical text per config (hence a stable hash).</summary>
internal static class ConfigYaml
{
    public static string Write(IReadOnlyDictionary<string, object> values)
    {
        var writer = new StringWriter { NewLine = "\n" };
        string[] open = [];
        foreach (var key in ConfigSchema.Keys)
        {
            var parts = key.Path.Split('.');
            var sections = parts[..^1];
            var common = 0;
            while (common < Math.Min(open.Length, sections.Length) && open[common] == sections[common])
            {
                common++;
            }

            for (var i = common; i < sections.Length; i++)
            {
                writer.WriteLine($"{Indent(i)}{sections[i]}:");
            }

            open = sections;
            writer.WriteLine($"{Indent(sections.Length)}{parts[^1]}: {Scalar(key, values[key.Path])}");
        }
        return writer.ToString();
    }

    private static string Indent(int depth) => new(' ', depth * 2);

    private static string Scalar(ConfigKey key, object value) => key.Kind == ConfigValueKind.Text
        ? $"\"{((string)value).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""
        : ConfigKey.Format(value);
}
