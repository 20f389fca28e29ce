using System.CommandLine;
using Mlops.Cli.Input;
using Mlops.Cli.Output;
using Mlops.Training.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops sweep [config] --param ...`: a hyper-parameter search; `sweep list|show` for past ones.</summary>
public static class SweepCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public static Command Create(CliConsole console)
    {
        var configAndOverrides = new Argument<string[]>("config-and-overrides")
        {
            Description = "A config name or YAML file, then key=value overrides shared by every trial",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "A searched key: key=v1,v2,... or key=min:max[:log][:int] (repeatable)",
            Required = true,
            HelpName = "key=values",
        };
        var strategy = new Option<string?>("--strategy") { Description = "grid or random (default: grid, random when a range is given)" };
        strategy.AcceptOnlyFromAmong("grid", "random");
        var trials = new Option<int>("--trials") { Description = "Upper bound on trials", DefaultValueFactory = _ => 10 };
        var metric = new Option<string>("--metric") { Description = "Metric to optimise", DefaultValueFactory = _ => "val_accuracy" };
        var goal = new Option<string>("--goal") { Description = "max or min", DefaultValueFactory = _ => "max" };
        goal.AcceptOnlyFromAmong("max", "min");
        var medianStopping = new Option<bool>("--median-stopping") { Description = "Stop trials below the median of finished trials at the same epoch" };
        var seed = new Option<int>("--seed") { Description = "Seed of random search" };
        var modelName = new Option<string?>("--model-name") { Description = "Register trial models under this name" };
        var experiment = new Option<string?>("--experiment") { Description = "Experiment the trials are tracked under" };
        var noWatch = new Option<bool>("--no-watch") { Description = "Submit and return at once with the sweep id" };
        trials.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--trials must be at least 1.");
            }
        });

        var command = new Command("sweep", "Search hyper-parameters: submit trials, follow them, show the best")
        {
            configAndOverrides, parameters, strategy, trials, metric, goal, medianStopping, seed, modelName, experiment, noWatch,
        };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var request = new SubmitSweepRequest
            {
                Config = TrainCommand.ReadConfig(context.Get(configAndOverrides)),
                MaxTrials = context.Get(trials),
                Metric = context.Get(metric)!,
                Goal = context.Get(goal) == "min" ? MetricGoal.Minimize : MetricGoal.Maximize,
                MedianStopping = context.Get(medianStopping),
                Seed = context.Get(seed),
                ModelName = context.Get(modelName) ?? "",
                Experiment = context.Get(experiment) ?? "",
            };
            request.Parameters.AddRange((context.Get(parameters) ?? []).Select(SweepParameters.Parse));
            request.Strategy = context.Get(strategy) switch
            {
                "grid" => SweepStrategy.Grid,
                "random" => SweepStrategy.Random,
                _ => request.Parameters.Any(p => p.SpaceCase == SweepParameter.SpaceOneofCase.Range) ? SweepStrategy.Random : SweepStrategy.Grid,
            };
            if (request.Strategy == SweepStrategy.Grid && request.Parameters.Any(p => p.SpaceCase == SweepParameter.SpaceOneofCase.Range))
            {
                throw new UsageException("grid search needs lists of values (key=v1,v2); ranges (key=min:max) need --strategy random.");
            }

            var sweep = await context.Services.Training.SubmitSweepAsync(request, cancellationToken: cancellationToken);
            if (context.Get(noWatch))
            {
                context.Output.Show(sweep, () => new Spectre.Console.Text($"Submitted sweep {sweep.Id}; see it with `mlops sweep show {sweep.Id}`"));
                return ExitCodes.Ok;
            }

            context.Output.Note($"Submitted sweep [bold]{Spectre.Console.Markup.Escape(sweep.Id)}[/]");
            sweep = await FollowAsync(context, sweep, cancellationToken);
            context.Output.Show(sweep, () => JobViews.Sweep(sweep));
            return sweep.State == JobState.Succeeded ? ExitCodes.Ok : ExitCodes.ServiceError;
        });

        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        return command;
    }

    /// <summary>Polls the sweep (there is no watch RPC for sweeps) until it ends, counting finished trials.</summary>
    private static Task<Sweep> FollowAsync(CommandContext context, Sweep sweep, CancellationToken cancellationToken) =>
        ProgressDisplay.RunAsync(context.Output, $"sweep {sweep.Id}", Math.Max(1, sweep.Trials.Count), async progress =>
        {
            while (!JobViews.IsFinished(sweep.State))
            {
                await Task.Delay(PollInterval, cancellationToken);
                sweep = await context.Services.Training.GetSweepAsync(new GetSweepRequest { SweepId = sweep.Id }, cancellationToken: cancellationToken);
                if (progress is not null)
                {
                    progress.MaxValue = Math.Max(1, sweep.Trials.Count);
                    progress.Value = sweep.Trials.Count(trial => JobViews.IsFinished(trial.State));
                    progress.Description = Spectre.Console.Markup.Escape(
                        $"sweep {sweep.Id}: {progress.Value}/{sweep.Trials.Count} trials" +
                        (string.IsNullOrEmpty(sweep.BestJobId) ? "" : $", best {sweep.Metric} {Format.Fixed(sweep.BestValue)}"));
                }
            }

            return sweep;
        });

    private static Command List(CliConsole console)
    {
        var limit = new Option<int>("--limit") { Description = "How many sweeps, newest first", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "List sweeps") { limit };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Training.ListSweepsAsync(new ListSweepsRequest { Limit = context.Get(limit) }, cancellationToken: cancellationToken);
            context.Output.Show(response, () => JobViews.Sweeps(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<string>("sweep") { Description = "Sweep id" };
        var command = new Command("show", "Show a sweep's trials and its best parameters") { id };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var sweep = await context.Services.Training.GetSweepAsync(new GetSweepRequest { SweepId = context.Get(id)! }, cancellationToken: cancellationToken);
            context.Output.Show(sweep, () => JobViews.Sweep(sweep));
            return ExitCodes.Ok;
        });
        return command;
    }
}
