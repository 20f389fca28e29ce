using System.CommandLine;
using Mlops.Cli.Input;
using Mlops.Cli.Output;
using Mlops.Training.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops train [config] [key=value ...]`: submit a training job and follow it to its run and model version.</summary>
public static class TrainCommand
{
    public static readonly Argument<string[]> ConfigAndOverrides = new("config-and-overrides")
    {
        Description = "A config name in configs/ or a YAML file, then key=value overrides (e.g. epochs=5 model=small)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Command Create(CliConsole console)
    {
        var modelName = new Option<string?>("--model-name") { Description = "Register the model under this name instead of the config's" };
        var experiment = new Option<string?>("--experiment") { Description = "Experiment the run is tracked under" };
        var noWatch = new Option<bool>("--no-watch") { Description = "Submit and return at once with the job id" };
        var command = new Command("train", "Train a model from a config with key=value overrides, with live progress")
        {
            ConfigAndOverrides, modelName, experiment, noWatch,
        };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var request = new SubmitJobRequest
            {
                Config = ReadConfig(context.Get(ConfigAndOverrides)),
                ModelName = context.Get(modelName) ?? "",
                Experiment = context.Get(experiment) ?? "",
                RequestedBy = CommandContext.Actor,
            };
            var job = await context.Services.Training.SubmitJobAsync(request, cancellationToken: cancellationToken);
            return await FollowOrShowAsync(context, job, context.Get(noWatch), cancellationToken);
        });
        return command;
    }

    public static ConfigSource ReadConfig(string[]? tokens) => ConfigArguments.Parse(tokens ?? [], File.Exists, File.ReadAllText);

    public static async Task<int> FollowOrShowAsync(CommandContext context, Job job, bool noWatch, CancellationToken cancellationToken)
    {
        if (noWatch)
        {
            context.Output.Show(job, () => new Spectre.Console.Text($"Submitted job {job.Id} ({JobViews.State(job.State)}); follow it with `mlops jobs watch {job.Id}`"));
            return ExitCodes.Ok;
        }

        context.Output.Note($"Submitted job [bold]{Spectre.Console.Markup.Escape(job.Id)}[/]");
        return await JobWatch.FollowAsync(context, job.Id, cancellationToken);
    }
}
