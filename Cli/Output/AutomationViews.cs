using Mlops.Automation.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

public static class AutomationViews
{
    public static IRenderable Rules(ListRulesResponse response)
    {
        var table = Tables.Create("rule", "trigger", "filter", "action", "config", "cooldown", "mode");
        foreach (var rule in response.Rules)
        {
            table.AddCells(rule.Name, rule.Trigger, rule.Filter, rule.Action, Config(rule), Cooldown(rule.CooldownSeconds), Mode(rule));
        }

        var source = new Spectre.Console.Text($"Rules from {response.Source}");
        return response.RefusedProblems.Count == 0
            ? Tables.Stack(source, table)
            : Tables.Stack(source, table, Problems("The last reload was refused; these rules stay in force:", response.RefusedProblems));
    }

    public static IRenderable Firings(ListFiringsResponse response)
    {
        if (response.Firings.Count == 0)
        {
            return DatasetViews.Empty("No firings yet.");
        }

        var table = Tables.Create("id", "fired", "rule", "event", "action", "outcome", "job", "model", "dataset", "detail");
        foreach (var firing in response.Firings)
        {
            table.AddCells(Format.Integer(firing.Id), Format.Time(firing.FiredAt), firing.Rule, firing.Event, firing.Action, firing.Outcome,
                firing.JobId, firing.ModelVersion > 0 ? $"{firing.ModelName}/{firing.ModelVersion}" : firing.ModelName,
                Format.ShortId(firing.DatasetVersion), firing.Detail);
        }

        return table.RightAligned(0);
    }

    public static IRenderable Switched(Rule rule) =>
        new Spectre.Console.Text($"Rule {rule.Name} {(rule.Enabled ? "enabled" : "disabled")}");

    public static IRenderable Reloaded(ReloadRulesResponse response) =>
        response.Accepted
            ? new Spectre.Console.Text($"Loaded {response.Rules.Count} rules")
            : Problems("Refused; the rules in force stay:", response.Problems);

    private static IRenderable Problems(string title, IEnumerable<string> problems) =>
        new Spectre.Console.Text($"{title}\n{string.Join('\n', problems.Select(problem => $"  - {problem}"))}");

    private static string Config(Rule rule) =>
        rule.Config.Length == 0 ? "" : rule.Overrides.Count == 0 ? rule.Config : $"{rule.Config} {string.Join(' ', rule.Overrides)}";

    private static string Cooldown(long seconds) => seconds == 0 ? "none" : TimeSpan.FromSeconds(seconds).ToString();

    private static string Mode(Rule rule) => !rule.Enabled ? "disabled" : rule.DryRun ? "dry run" : "on";
}
