using System.CommandLine;
using Mlops.Cli.Output;
using Mlops.Registry.V1;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>`mlops runs delete|archive`: retiring ended runs the registry no longer needs.</summary>
public static class RunRetentionCommands
{
    public static Command Delete(CliConsole console)
    {
        var id = new Argument<string>("run") { Description = "Run id" };
        var command = new Command("delete", "Delete an ended run and its metrics; refused while a model version that is not archived came from it") { id };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var deleted = await context.Services.Registry.DeleteRunAsync(new DeleteRunRequest { RunId = context.Get(id)! }, cancellationToken: cancellationToken);
            context.Output.Show(deleted, () => new Text($"Deleted run {deleted.RunId} and {Format.Integer(deleted.DeletedPoints)} metric points."));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Archive(CliConsole console)
    {
        var id = new Argument<string>("run") { Description = "Run id" };
        var command = new Command("archive", "Hide an ended run from `runs list` (--archived shows it)") { id };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var run = await context.Services.Registry.ArchiveRunAsync(new ArchiveRunRequest { RunId = context.Get(id)! }, cancellationToken: cancellationToken);
            context.Output.Show(run, () => new Text($"Archived run {run.Id}."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
