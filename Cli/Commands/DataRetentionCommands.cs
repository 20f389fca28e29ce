using System.CommandLine;
using Mlops.Cli.Output;
using Mlops.Ingestion.V1;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>`mlops data delete|archive|gc`: retiring dataset versions and collecting the blobs nothing refers to.</summary>
public static class DataRetentionCommands
{
    public static Command Delete(CliConsole console)
    {
        var reference = new Argument<string>("ref") { Description = "A version id (or unique prefix), name@latest or name@<tag>" };
        var command = new Command("delete", "Delete a dataset version; refused while a run or a registered model version uses it") { reference };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var version = await context.Services.Ingestion.GetDatasetAsync(new GetDatasetRequest { Reference = context.Get(reference)! }, cancellationToken: cancellationToken);
            var deleted = await context.Services.Ingestion.DeleteVersionAsync(new DeleteVersionRequest { VersionId = version.Id }, cancellationToken: cancellationToken);
            context.Output.Show(deleted, () => new Text(
                $"Deleted {version.Name}@{Format.ShortId(deleted.VersionId)}; `mlops data gc` frees its blobs."));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Archive(CliConsole console)
    {
        var reference = new Argument<string>("ref") { Description = "A version id (or unique prefix), name@latest or name@<tag>" };
        var command = new Command("archive", "Hide a dataset version from listings and name@latest (still readable by id)") { reference };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var version = await context.Services.Ingestion.GetDatasetAsync(new GetDatasetRequest { Reference = context.Get(reference)! }, cancellationToken: cancellationToken);
            var archived = await context.Services.Ingestion.ArchiveVersionAsync(new ArchiveVersionRequest { VersionId = version.Id }, cancellationToken: cancellationToken);
            context.Output.Show(archived, () => new Text($"Archived {archived.Name}@{Format.ShortId(archived.Id)}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CollectGarbage(CliConsole console)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list what would be removed" };
        var command = new Command("gc", "Delete stored blobs that no dataset version refers to") { dryRun };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Ingestion.CollectGarbageAsync(new CollectGarbageRequest { DryRun = context.Get(dryRun) }, cancellationToken: cancellationToken);
            var verb = context.Get(dryRun) ? "Would remove" : "Removed";
            context.Output.Show(response, () => new Text($"{verb} {response.RemovedSha256.Count} blobs ({Format.Bytes(response.FreedBytes)})."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
