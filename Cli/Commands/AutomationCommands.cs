using System.CommandLine;
using Mlops.Automation.V1;
using Mlops.Cli.Output;

namespace Mlops.Cli.Commands;

/// <summary>`mlops automations list|firings|enable|disable|reload`: the automation service's rules and what they did.</summary>
public static class AutomationCommands
{
    public static Command Create(CliConsole console)
    {
        var automations = new Command("automations", "Rules that act on the platform's events, and their firings");
        automations.Subcommands.Add(List(console));
        automations.Subcommands.Add(Firings(console));
        automations.Subcommands.Add(Switch(console, "enable", enabled: true));
        automations.Subcommands.Add(Switch(console, "disable", enabled: false));
        automations.Subcommands.Add(Reload(console));
        return automations;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List the rules in force (and the problems of a refused rules file)");
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Automation.ListRulesAsync(new ListRulesRequest(), cancellationToken: cancellationToken);
            context.Output.Show(response, () => AutomationViews.Rules(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Firings(CliConsole console)
    {
        var rule = new Option<string?>("--rule") { Description = "Only this rule's firings" };
        var limit = new Option<int>("--limit") { Description = "How many, newest first", DefaultValueFactory = _ => 50 };
        var command = new Command("firings", "What the rules did: trigger, action, outcome, job, model version") { rule, limit };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Automation.ListFiringsAsync(
                new ListFiringsRequest { Rule = context.Get(rule) ?? "", Limit = context.Get(limit) }, cancellationToken: cancellationToken);
            context.Output.Show(response, () => AutomationViews.Firings(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Switch(CliConsole console, string verb, bool enabled)
    {
        var name = new Argument<string>("rule") { Description = "Rule name" };
        var command = new Command(verb, enabled ? "Let a rule fire again" : "Stop a rule from firing (kept across reloads and restarts)") { name };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var rule = await context.Services.Automation.SetRuleEnabledAsync(
                new SetRuleEnabledRequest { Rule = context.Get(name)!, Enabled = enabled }, cancellationToken: cancellationToken);
            context.Output.Show(rule, () => AutomationViews.Switched(rule));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Reload(CliConsole console)
    {
        var command = new Command("reload", "Read the rules file again; a file with problems is refused and the rules in force stay");
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Automation.ReloadRulesAsync(new ReloadRulesRequest(), cancellationToken: cancellationToken);
            context.Output.Show(response, () => AutomationViews.Reloaded(response));
            return response.Accepted ? ExitCodes.Ok : ExitCodes.ServiceError;
        });
        return command;
    }
}
