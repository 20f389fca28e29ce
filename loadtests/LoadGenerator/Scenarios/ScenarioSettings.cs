using System.Globalization;
using Mlops.LoadGenerator.Cli;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>key=value settings given on the command line (--set), read by the scenarios that know them.</summary>
public sealed class ScenarioSettings(IReadOnlyDictionary<string, string> values)
{
    public static ScenarioSettings Empty { get; } = new(new Dictionary<string, string>());

    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public string GetString(string key, string fallback) => Values.GetValueOrDefault(key) ?? fallback;

    public TimeSpan GetDuration(string key, TimeSpan fallback) =>
        Values.TryGetValue(key, out var text) ? DurationText.Parse(text) : fallback;

    public double GetDouble(string key, double fallback)
    {
        if (!Values.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"Setting {key}={text} is not a number.");
    }

    public int GetInt(string key, int fallback)
    {
        if (!Values.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Setting {key}={text} is not a whole number.");
    }
}
