using System.Globalization;
using Mlops.Training.V1;

namespace Mlops.Cli.Input;

/// <summary>
/// Reads one --param: `key=v1,v2,...` is a list of values; `key=min:max` a range, with `:log` for a log scale and
/// `:int` for whole numbers (e.g. `optimizer.learning_rate=0.0001:0.01:log`, `batch_size=32:256:int`).
/// </summary>
public static class SweepParameters
{
    public static SweepParameter Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new UsageException($"--param '{text}': write key=v1,v2 or key=min:max[:log][:int].");
        }

        var parameter = new SweepParameter { Key = text[..equals] };
        var space = text[(equals + 1)..];
        var parts = space.Split(':');
        if (parts.Length >= 2 && TryNumber(parts[0], out var min) && TryNumber(parts[1], out var max))
        {
            parameter.Range = Range(text, min, max, parts.Skip(2));
            return parameter;
        }

        var values = space.Split(',', StringSplitOptions.TrimEntries);
        if (values.Any(string.IsNullOrEmpty))
        {
            throw new UsageException($"--param '{text}': an empty value in the list.");
        }

        parameter.Values = new ValueList();
        parameter.Values.Values.AddRange(values);
        return parameter;
    }

    private static ValueRange Range(string text, double min, double max, IEnumerable<string> flags)
    {
        if (min >= max)
        {
            throw new UsageException($"--param '{text}': the range's minimum must be below its maximum.");
        }

        var range = new ValueRange { Min = min, Max = max };
        foreach (var flag in flags)
        {
            switch (flag.ToLowerInvariant())
            {
                case "log":
                    range.LogScale = true;
                    break;
                case "int":
                    range.Integer = true;
                    break;
                default:
                    throw new UsageException($"--param '{text}': unknown range flag '{flag}' (log or int).");
            }
        }

        if (range.LogScale && min <= 0)
        {
            throw new UsageException($"--param '{text}': a log-scale range needs a positive minimum.");
        }

        return range;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
