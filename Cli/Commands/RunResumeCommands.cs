using System.CommandLine;
using Grpc.Core;
using Mlops.Cli.Output;
using Mlops.Registry.V1;
using Mlops.Training.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops runs resume|profile`: continuing a run from a checkpoint, and where its training time went.</summary>
public static class RunResumeCommands
{
    public static Command Resume(CliConsole console)
    {
        var id = new Argument<string>("run") { Description = "Run id" };
        var epoch = new Option<int>("--checkpoint") { Description = "Epoch of the checkpoint to start from (default: the run's latest)", HelpName = "EPOCH" };
        var noWatch = new Option<bool>("--no-watch") { Description = "Submit and return at once with the job id" };
        var command = new Command("resume", "Train on from one of a run's checkpoints, with its config and dataset version, to the end it would have reached")
        {
            id, epoch, noWatch,
        };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            if (context.Get(epoch) < 0)
            {
                throw new UsageException("--checkpoint takes an epoch number (1 or more).");
            }

            var run = await context.Services.Registry.GetRunAsync(new GetRunRequest { RunId = context.Get(id)! }, cancellationToken: cancellationToken);
            var request = ResumeRequest(run, context.Get(epoch), CommandContext.Actor);
            var job = await context.Services.Training.SubmitJobAsync(request, cancellationToken: cancellationToken);
            return await TrainCommand.FollowOrShowAsync(context, job, context.Get(noWatch), cancellationToken);
        });
        return command;
    }

    /// <summary>The run's own config and dataset version (as `runs reproduce` sends them), plus where to continue from.</summary>
    public static SubmitJobRequest ResumeRequest(Run run, int checkpointEpoch, string actor)
    {
        var request = RunCommands.ReproductionRequest(run, actor);
        request.ResumeFrom = new ResumeFrom { RunId = run.Id, CheckpointEpoch = checkpointEpoch };
        return request;
    }

    public static Command Profile(CliConsole console)
    {
        var id = new Argument<string>("run") { Description = "Run id" };
        var trace = new Option<string?>("--trace") { Description = "Also save the run's Chrome trace (profile/trace.json) to this file", HelpName = "FILE" };
        var command = new Command("profile", "Show where a run's training time went: data wait, forward, backward, optimizer step, evaluation") { id, trace };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var registry = context.Services.Registry;
            var run = await registry.GetRunAsync(new GetRunRequest { RunId = context.Get(id)! }, cancellationToken: cancellationToken);
            var histories = new Dictionary<string, MetricHistory>(StringComparer.Ordinal);
            foreach (var phase in ProfileViews.Phases)
            {
                histories[phase] = await registry.GetMetricHistoryAsync(
                    new GetMetricHistoryRequest { RunId = run.Id, Key = ProfileViews.MetricKey(phase) }, cancellationToken: cancellationToken);
            }

            var rows = ProfileViews.Rows(histories);
            if (context.Get(trace) is { } file)
            {
                var artifact = run.Artifacts.FirstOrDefault(a => a.Name == ProfileViews.TraceArtifact)
                    ?? throw new UsageException($"run {run.Id} stored no trace (it ran with profile.trace_steps=0, or ended before the traced steps).");
                await SaveAsync(registry, artifact.Sha256, file, cancellationToken);
                context.Output.Note($"Saved the trace to [bold]{Spectre.Console.Markup.Escape(file)}[/]");
            }

            context.Output.ShowJson(ProfileViews.Json(run, rows), () => ProfileViews.Table(run, rows));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task SaveAsync(RegistryService.RegistryServiceClient registry, string sha256, string file, CancellationToken cancellationToken)
    {
        using var call = registry.DownloadArtifact(new DownloadArtifactRequest { Sha256 = sha256 }, cancellationToken: cancellationToken);
        using var content = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            chunk.Content.WriteTo(content);
        }

        var bytes = content.ToArray();
        if (!Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)).Equals(sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"the trace arrived damaged (its bytes do not hash to {sha256}); nothing was written.");
        }

        var temporary = file + ".part";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, file, overwrite: true);
    }
}
