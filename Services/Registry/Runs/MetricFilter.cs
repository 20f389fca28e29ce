using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Registry.Runs;

/// <summary>A condition on a run's last metric value, written like <c>test_accuracy&gt;0.9</c>; a run without the metric fails it.</summary>
public sealed partial record MetricFilter(string Key, string Operator, double Value)
{
    public static MetricFilter Parse(string text)
    {
        var match = Syntax().Match(text);
        if (!match.Success || !double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw RegistryException.InvalidArgument(
                $"Metric filter '{text}' is not of the form <metric><op><number> with op one of > >= < <= = !=, e.g. 'test_accuracy>0.9'.");
        }

        return new MetricFilter(match.Groups["key"].Value, match.Groups["op"].Value, value);
    }

    public bool Matches(IReadOnlyDictionary<string, double> metrics) =>
        metrics.TryGetValue(Key, out var actual) && Operator switch
        {
            ">" => actual > Value,
            ">=" => actual >= Value,
            "<" => actual < Value,
            "<=" => actual <= Value,
            "!=" => actual != Value,
            _ => actual == Value,
        };

    [GeneratedRegex(@"^\s*(?:metrics\.)?(?<key>[A-Za-z0-9_.\-/]+?)\s*(?<op>>=|<=|==|!=|>|<|=)\s*(?<value>\S+)\s*$")]
    private static partial Regex Syntax();
}
