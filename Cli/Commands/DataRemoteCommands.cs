using System.CommandLine;
using Mlops.Cli.Output;
using Mlops.Ingestion.V1;

namespace Mlops.Cli.Commands;

/// <summary>
/// `mlops data push|pull`: a dataset version moves between the ingestion service's store and its remote (a bucket), by id,
/// like dvc push/pull. The service does the copying: it owns the versions and checks every blob's hash on both sides.
/// </summary>
public static class DataRemoteCommands
{
    public static Command Push(CliConsole console)
    {
        var reference = new Argument<string>("ref") { Description = "A version id (or unique prefix), name, name@latest or name@<tag>" };
        var command = new Command("push", "Copy a dataset version to the remote configured on the ingestion service (Storage:Remote)") { reference };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var transfer = await context.Services.DatasetRemote.PushDatasetAsync(
                new PushDatasetRequest { Reference = context.Get(reference)! }, cancellationToken: cancellationToken);
            context.Output.Show(transfer, () => DatasetViews.Transferred("Pushed", "to", transfer));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Pull(CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The full version id that push printed" };
        var command = new Command("pull", "Copy a dataset version from the remote into the ingestion service's store") { id };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var transfer = await context.Services.DatasetRemote.PullDatasetAsync(
                new PullDatasetRequest { VersionId = context.Get(id)! }, cancellationToken: cancellationToken);
            context.Output.Show(transfer, () => DatasetViews.Transferred("Pulled", "from", transfer));
            return ExitCodes.Ok;
        });
        return command;
    }
}
