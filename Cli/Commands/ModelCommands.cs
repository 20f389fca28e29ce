using System.CommandLine;
using Grpc.Core;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;
using Mlops.Registry.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops models list|versions|show|promote`: registered models, their versions and the gated promotion.</summary>
public static class ModelCommands
{
    public static Command Create(CliConsole console)
    {
        var models = new Command("models", "List and show registered models; promote a version through the gate");
        models.Subcommands.Add(List(console));
        models.Subcommands.Add(Versions(console));
        models.Subcommands.Add(Show(console));
        models.Subcommands.Add(Promote(console));
        return models;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List registered models with their latest version and aliases");
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Registry.ListModelsAsync(new ListModelsRequest(), cancellationToken: cancellationToken);
            context.Output.Show(response, () => ModelViews.List(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Versions(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Model name" };
        var archived = new Option<bool>("--archived") { Description = "Include archived versions" };
        var command = new Command("versions", "List a model's versions") { name, archived };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Registry.ListModelVersionsAsync(
                new ListModelVersionsRequest { ModelName = context.Get(name)!, IncludeArchived = context.Get(archived) }, cancellationToken: cancellationToken);
            context.Output.Show(response, () => ModelViews.Versions(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var reference = new Argument<string>("model") { Description = "name, name@alias or name/version" };
        var command = new Command("show", "Show a model version: metrics, lineage, signature and last gate result") { reference };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var version = await context.Services.Registry.GetModelVersionAsync(new GetModelVersionRequest { Reference = context.Get(reference)! }, cancellationToken: cancellationToken);
            context.Output.Show(version, () => ModelViews.Show(version));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Promote(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Model name" };
        var version = new Argument<int>("version") { Description = "Version to promote" };
        var alias = new Option<string>("--alias") { Description = "Alias to move", DefaultValueFactory = _ => "production" };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the alias history" };
        var command = new Command("promote", "Move an alias (production by default) to a version after the gate evaluates it") { name, version, alias, reason };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var request = new PromoteModelRequest
            {
                ModelName = context.Get(name)!,
                Version = context.Get(version),
                Alias = context.Get(alias)!,
                Reason = context.Get(reason) ?? "",
                Actor = CommandContext.Actor,
            };
            try
            {
                var response = await context.Services.Registry.PromoteModelAsync(request, cancellationToken: cancellationToken);
                context.Output.Show(response, () => ModelViews.Promoted(response));
                return ExitCodes.Ok;
            }
            catch (ServiceException refused) when (refused.StatusCode == StatusCode.FailedPrecondition)
            {
                await ShowRefusedGateAsync(context, request, cancellationToken);
                context.Output.Error($"error: promotion refused ({refused.StatusCode}): {refused.Detail}");
                return ExitCodes.ServiceError;
            }
        });
        return command;
    }

    /// <summary>A refusal comes back as a status; the gate's figures are stored on the version, so read them there.</summary>
    private static async Task ShowRefusedGateAsync(CommandContext context, PromoteModelRequest request, CancellationToken cancellationToken)
    {
        ModelVersion candidate;
        try
        {
            candidate = await context.Services.Registry.GetModelVersionAsync(
                new GetModelVersionRequest { Reference = $"{request.ModelName}/{request.Version}" }, cancellationToken: cancellationToken);
        }
        catch (ServiceException)
        {
            return;
        }

        if (candidate.GateResult is { Checks.Count: > 0 } gate)
        {
            context.Output.Show(gate, () => ModelViews.Gate(gate));
        }
    }
}
