using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mlops.Automation.Rules;

/// <summary>
/// Reads the rules file (YAML: a top-level `rules:` list) into rules, collecting every problem of shape and
/// spelling with the rule it belongs to; what the rules mean together is <see cref="RuleValidator"/>'s job.
/// </summary>
public static class RuleFileParser
{
    private static readonly string[] RuleKeys = ["name", "enabled", "dry_run", "cooldown", "trigger", "action"];
    private static readonly string[] TriggerKeys = ["on", "dataset", "model", "alert", "min_consecutive_windows"];
    private static readonly string[] ActionKeys = ["do", "config", "overrides", "model", "dataset", "alias"];

    public static IReadOnlyList<AutomationRule> Parse(string yaml, List<string> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            problems.Add($"the file is not valid YAML (line {error.Start.Line}): {error.Message}");
            return [];
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add("the file must be a mapping with a `rules:` list");
            return [];
        }

        foreach (var key in Keys(root).Where(key => key != "rules"))
        {
            problems.Add($"unknown top-level key '{key}' (expected: rules)");
        }

        if (Child(root, "rules") is not YamlSequenceNode list)
        {
            problems.Add("`rules:` must be a list of rules");
            return [];
        }

        var rules = new List<AutomationRule>();
        var index = 0;
        foreach (var node in list)
        {
            index++;
            if (ParseRule(node, index, problems) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    private static AutomationRule? ParseRule(YamlNode node, int index, List<string> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add($"rule {index}: must be a mapping with name, trigger and action");
            return null;
        }

        var name = Scalar(map, "name");
        var label = string.IsNullOrWhiteSpace(name) ? $"rule {index}" : $"rule '{name}'";
        var before = problems.Count;
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add($"{label}: needs a name");
        }
        else if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"{label}: the name may only hold letters, digits, '-', '_' and '.'");
        }

        UnknownKeys(map, RuleKeys, label, problems);
        var enabled = Boolean(map, "enabled", true, label, problems);
        var dryRun = Boolean(map, "dry_run", false, label, problems);
        var cooldown = Duration(Scalar(map, "cooldown"), label, problems);
        var trigger = ParseTrigger(Child(map, "trigger"), label, problems);
        var action = ParseAction(Child(map, "action"), label, problems);
        return problems.Count == before && trigger is not null && action is not null
            ? new AutomationRule(name!, trigger, action, cooldown, dryRun, enabled)
            : null;
    }

    private static RuleTrigger? ParseTrigger(YamlNode? node, string label, List<string> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add($"{label}: needs a `trigger:` mapping with `on:` ({string.Join(", ", TriggerKinds.ByName.Keys)})");
            return null;
        }

        UnknownKeys(map, TriggerKeys, $"{label} trigger", problems);
        var on = Scalar(map, "on") ?? "";
        if (!TriggerKinds.ByName.TryGetValue(on, out var kind))
        {
            problems.Add($"{label}: unknown trigger '{on}' (expected one of: {string.Join(", ", TriggerKinds.ByName.Keys)})");
            return null;
        }

        var windows = 0;
        if (Scalar(map, "min_consecutive_windows") is { } text && (!int.TryParse(text, CultureInfo.InvariantCulture, out windows) || windows < 0))
        {
            problems.Add($"{label}: min_consecutive_windows must be a whole number of windows, not '{text}'");
        }

        return new RuleTrigger(kind, Scalar(map, "dataset") ?? "", Scalar(map, "model") ?? "", Scalar(map, "alert") ?? "", windows);
    }

    private static RuleAction? ParseAction(YamlNode? node, string label, List<string> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add($"{label}: needs an `action:` mapping with `do:` ({string.Join(", ", ActionKinds.ByName.Keys)})");
            return null;
        }

        UnknownKeys(map, ActionKeys, $"{label} action", problems);
        var verb = Scalar(map, "do") ?? "";
        if (!ActionKinds.ByName.TryGetValue(verb, out var kind))
        {
            problems.Add($"{label}: unknown action '{verb}' (expected one of: {string.Join(", ", ActionKinds.ByName.Keys)})");
            return null;
        }

        var overrides = new List<string>();
        switch (Child(map, "overrides"))
        {
            case null:
                break;
            case YamlSequenceNode items:
                overrides.AddRange(items.OfType<YamlScalarNode>().Select(item => item.Value ?? ""));
                break;
            default:
                problems.Add($"{label}: overrides must be a list of key=value strings");
                break;
        }

        var alias = Scalar(map, "alias");
        return new RuleAction(kind, Scalar(map, "config") ?? "", overrides, Scalar(map, "model") ?? "", Scalar(map, "dataset") ?? "",
            string.IsNullOrWhiteSpace(alias) ? "production" : alias);
    }

    /// <summary>"90s", "10m", "2h", "1d" or a plain number of seconds; empty is no cooldown.</summary>
    public static TimeSpan Duration(string? text, string label, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.Zero;
        }

        var unit = text[^1];
        var (number, scale) = char.IsAsciiLetter(unit)
            ? (text[..^1], unit switch { 's' => 1.0, 'm' => 60.0, 'h' => 3600.0, 'd' => 86400.0, _ => double.NaN })
            : (text, 1.0);
        if (double.IsNaN(scale) || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            problems.Add($"{label}: cooldown '{text}' is not a duration (e.g. 90s, 10m, 2h)");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(value * scale);
    }

    private static void UnknownKeys(YamlMappingNode map, string[] known, string label, List<string> problems)
    {
        foreach (var key in Keys(map).Where(key => !known.Contains(key)))
        {
            problems.Add($"{label}: unknown key '{key}' (expected: {string.Join(", ", known)})");
        }
    }

    private static bool Boolean(YamlMappingNode map, string key, bool fallback, string label, List<string> problems)
    {
        var text = Scalar(map, key);
        if (text is null)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add($"{label}: {key} must be true or false, not '{text}'");
        return fallback;
    }

    private static IEnumerable<string> Keys(YamlMappingNode map) =>
        map.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value ?? "");

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode map, string key) =>
        Child(map, key) is YamlScalarNode { Value: { } value } ? value.Trim() : null;
}
