using System.Globalization;

namespace Mlops.Training.V1;

/// <summary>
/// Reads a searched parameter as people write it, for the CLI's --param and the frontend's sweep form: `key=v1,v2,...`
/// is a list of values; `key=min:max` a range, with `:log` for a log scale and `:int` for whole numbers
/// (e.g. `optimizer.learning_rate=0.0001:0.01:log`, `batch_size=32:256:int`).
/// </summary>
public static class SweepParameterText
{
    public const string Syntax = "key=v1,v2 or key=min:max[:log][:int]";

    /// <exception cref="FormatException">The text is not a parameter; the message says what is wrong.</exception>
    public static SweepParameter Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new FormatException($"write {Syntax}.");
        }

        var parameter = new SweepParameter { Key = text[..equals].Trim() };
        var space = text[(equals + 1)..].Trim();
        var parts = space.Split(':');
        if (parts.Length >= 2 && TryNumber(parts[0], out var min) && TryNumber(parts[1], out var max))
        {
            parameter.Range = Range(min, max, parts.Skip(2));
            return parameter;
        }

        var values = space.Split(',', StringSplitOptions.TrimEntries);
        if (values.Any(string.IsNullOrEmpty))
        {
            throw new FormatException("an empty value in the list.");
        }

        parameter.Values = new ValueList();
        parameter.Values.Values.AddRange(values);
        return parameter;
    }

    private static ValueRange Range(double min, double max, IEnumerable<string> flags)
    {
        if (min >= max)
        {
            throw new FormatException("the range's minimum must be below its maximum.");
        }

        var range = new ValueRange { Min = min, Max = max };
        foreach (var flag in flags)
        {
            switch (flag.Trim().ToLowerInvariant())
            {
                case "log":
                    range.LogScale = true;
                    break;
                case "int":
                    range.Integer = true;
                    break;
                default:
                    throw new FormatException($"unknown range flag '{flag}' (log or int).");
            }
        }

        if (range.LogScale && min <= 0)
        {
            throw new FormatException("a log-scale range needs a positive minimum.");
        }

        return range;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
