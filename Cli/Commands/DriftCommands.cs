using System.CommandLine;
using Mlops.Cli.Output;
using Mlops.Drift.V1;
using Mlops.Registry.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops drift report|windows|alerts|ack`: the drift service's reports and alerts.</summary>
public static class DriftCommands
{
    public static Command Create(CliConsole console)
    {
        var drift = new Command("drift", "Drift reports per window, and alerts");
        drift.Subcommands.Add(Report(console));
        drift.Subcommands.Add(Windows(console));
        drift.Subcommands.Add(Alerts(console));
        drift.Subcommands.Add(Acknowledge(console));
        return drift;
    }

    /// <summary>The drift service's HTML page for a window, on its HTTP/1 port.</summary>
    /// <summary>The drift service's HTML page of one window: /reports/{model}/{version}/{window}.html.</summary>
    public static Uri ReportPage(Uri driftHttp, Window window) =>
        new(driftHttp, $"reports/{Uri.EscapeDataString(window.ModelName)}/{window.ModelVersion}/{Uri.EscapeDataString(window.Id)}.html");

    private static Command Report(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model name", DefaultValueFactory = _ => "fashion" };
        var version = new Option<int>("--version") { Description = "Model version (default: the one in production)" };
        var window = new Option<string?>("--window") { Description = "Window id (default: the latest closed window)" };
        var command = new Command("report", "Show a window's drift tests: statistic, p-value, adjusted p-value and verdict per feature") { model, version, window };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var modelName = context.Get(model)!;
            var modelVersion = context.Get(version);
            if (modelVersion <= 0)
            {
                modelVersion = (await context.Services.Registry.GetModelVersionAsync(
                    new GetModelVersionRequest { Reference = $"{modelName}@production" }, cancellationToken: cancellationToken)).Version;
            }

            var report = await context.Services.Drift.GetDriftReportAsync(new GetDriftReportRequest
            {
                ModelName = modelName,
                ModelVersion = modelVersion,
                WindowId = context.Get(window) ?? "",
            }, cancellationToken: cancellationToken);
            var page = report.Window is { Id.Length: > 0 } w ? ReportPage(context.Services.Addresses.DriftHttp, w) : null;
            context.Output.Show(report, () => DriftViews.Report(report, page));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Windows(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model name", DefaultValueFactory = _ => "fashion" };
        var version = new Option<int>("--version") { Description = "Model version (default: all)" };
        var limit = new Option<int>("--limit") { Description = "How many windows, newest first", DefaultValueFactory = _ => 20 };
        var command = new Command("windows", "List monitoring windows") { model, version, limit };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Drift.ListWindowsAsync(new ListWindowsRequest
            {
                ModelName = context.Get(model)!,
                ModelVersion = context.Get(version),
                Limit = context.Get(limit),
            }, cancellationToken: cancellationToken);
            context.Output.Show(response, () => DriftViews.Windows(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Alerts(CliConsole console)
    {
        var model = new Option<string?>("--model", "-m") { Description = "Only alerts of this model" };
        var all = new Option<bool>("--all") { Description = "Include acknowledged alerts" };
        var command = new Command("alerts", "List drift alerts (unacknowledged by default)") { model, all };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Drift.ListAlertsAsync(
                new ListAlertsRequest { ModelName = context.Get(model) ?? "", IncludeAcknowledged = context.Get(all) }, cancellationToken: cancellationToken);
            context.Output.Show(response, () => DriftViews.Alerts(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Acknowledge(CliConsole console)
    {
        var id = new Argument<string>("alert") { Description = "Alert id" };
        var command = new Command("ack", "Acknowledge an alert") { id };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var alert = await context.Services.Drift.AcknowledgeAlertAsync(
                new AcknowledgeAlertRequest { AlertId = context.Get(id)!, AcknowledgedBy = CommandContext.Actor }, cancellationToken: cancellationToken);
            context.Output.Show(alert, () => DriftViews.Acknowledged(alert));
            return ExitCodes.Ok;
        });
        return command;
    }
}
