using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.LoadGenerator.Cli;

/// <summary>Durations as people type them: 500ms, 20s, 1.5m, 2h, 250us; a bare number is seconds.</summary>
public static partial class DurationText
{
    public static TimeSpan Parse(string text)
    {
        var match = Syntax().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a duration such as 500ms, 20s, 2m or 1h.");
        }

        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "us" or "µs" => TimeSpan.FromTicks((long)(value * 10)),
            "ms" => TimeSpan.FromMilliseconds(value),
            "" or "s" => TimeSpan.FromSeconds(value),
            "m" or "min" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromHours(value),
        };
    }

    [GeneratedRegex(@"^\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>us|µs|ms|s|m|min|h)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Syntax();
}
