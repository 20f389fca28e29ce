using System.Globalization;

namespace Mlops.Training.Configs;

/// <summary>
/// One setting of the training config: its dotted path, type, default and allowed range.
/// <see cref="Check"/> returns a message for an out-of-range value, null when it is fine.
/// </summary>
public sealed record ConfigKey(string Path, ConfigValueKind Kind, object Default, string Description)
{
    public IReadOnlyList<string> Choices { get; init; } = [];

    public Func<object, string?> Check { get; init; } = _ => null;

    /// <summary>Whether an empty value is allowed (and means "not given").</summary>
    public bool AllowEmpty { get; init; }

    /// <summary>The typed value of a YAML scalar or sequence, or a message saying what was expected.</summary>
    public (object? Value, string? Problem) Convert(object? raw)
    {
        if (AllowEmpty && raw is null or string { Length: 0 })
        {
            return ("", null);
        }

        if (raw is null || raw is string { Length: 0 })
        {
            return (null, $"{Path} needs a value ({Expected})");
        }

        if (Kind == ConfigValueKind.IntegerList)
        {
            return ConvertList(raw);
        }

        if (raw is not string text)
        {
            return (null, $"{Path} must be {Expected}, not a list or a mapping");
        }

        object? value = Kind switch
        {
            ConfigValueKind.Integer => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                && l is >= int.MinValue and <= int.MaxValue ? (int)l : null,
            ConfigValueKind.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && double.IsFinite(d) ? d : null,
            ConfigValueKind.Boolean => bool.TryParse(text, out var b) ? b : null,
            ConfigValueKind.Choice => Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase)),
            _ => text,
        };
        if (value is null)
        {
            return (null, $"{Path} must be {Expected}, got '{text}'");
        }

        return Check(value) is { } problem ? (null, $"{Path}: {problem}, got {Format(value)}") : (value, null);
    }

    public string Expected => Kind switch
    {
        ConfigValueKind.Integer => "an integer",
        ConfigValueKind.Number => "a number",
        ConfigValueKind.Boolean => "true or false",
        ConfigValueKind.IntegerList => "a list of integers like [32, 64]",
        ConfigValueKind.Choice => $"one of {string.Join(", ", Choices)}",
        _ => "text",
    };

    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IReadOnlyList<int> list => $"[{string.Join(", ", list)}]",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private (object? Value, string? Problem) ConvertList(object raw)
    {
        if (raw is not IReadOnlyList<object?> items)
        {
            return (null, $"{Path} must be {Expected}, got '{raw}'");
        }

        var values = new List<int>();
        foreach (var item in items)
        {
            if (item is not string text || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            {
                return (null, $"{Path} must be {Expected}, got an item '{item}'");
            }

            values.Add(v);
        }
        return Check(values) is { } problem ? (null, $"{Path}: {problem}, got {Format(values)}") : (values, null);
    }
}
