using System.CommandLine;
using Mlops.Cli.Output;
using Mlops.Common.V1;
using Mlops.Registry.V1;
using Mlops.Training.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops runs list|show|compare|reproduce|resume|profile|delete|archive`: experiment runs tracked by the registry.</summary>
public static class RunCommands
{
    private static readonly string[] Statuses = ["running", "finished", "failed", "cancelled"];

    public static Command Create(CliConsole console)
    {
        var runs = new Command("runs", "List, show, compare, reproduce, resume, profile, delete and archive experiment runs");
        runs.Subcommands.Add(List(console));
        runs.Subcommands.Add(Show(console));
        runs.Subcommands.Add(Compare(console));
        runs.Subcommands.Add(Reproduce(console));
        runs.Subcommands.Add(RunResumeCommands.Resume(console));
        runs.Subcommands.Add(RunResumeCommands.Profile(console));
        runs.Subcommands.Add(RunRetentionCommands.Delete(console));
        runs.Subcommands.Add(RunRetentionCommands.Archive(console));
        return runs;
    }

    private static Command List(CliConsole console)
    {
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Only runs of this experiment" };
        var filters = new Option<string[]>("--filter", "-f") { Description = "A metric condition such as test_accuracy>0.9 (repeatable, combined with AND)", HelpName = "metric>value" };
        var status = new Option<string?>("--status") { Description = "Only runs with this status" };
        status.AcceptOnlyFromAmong(Statuses);
        var dataset = new Option<string?>("--dataset") { Description = "Only runs trained on this dataset version" };
        var orderBy = new Option<string?>("--order-by") { Description = "e.g. \"metrics.test_accuracy desc\" (default: started_at desc)" };
        var limit = new Option<int>("--limit") { Description = "How many runs", DefaultValueFactory = _ => 50 };
        var archived = new Option<bool>("--archived") { Description = "Include archived runs" };
        var command = new Command("list", "List runs, newest first") { experiment, filters, status, dataset, orderBy, limit, archived };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var request = new ListRunsRequest
            {
                Experiment = context.Get(experiment) ?? "",
                DatasetVersion = context.Get(dataset) ?? "",
                OrderBy = context.Get(orderBy) ?? "",
                Page = new PageRequest { PageSize = context.Get(limit) },
                IncludeArchived = context.Get(archived),
            };
            request.MetricFilters.AddRange(context.Get(filters) ?? []);
            if (context.Get(status) is { } wanted)
            {
                request.Status = Enum.Parse<RunStatus>(wanted, ignoreCase: true);
            }

            var response = await context.Services.Registry.ListRunsAsync(request, cancellationToken: cancellationToken);
            context.Output.Show(response, () => RunViews.List(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<string>("run") { Description = "Run id" };
        var command = new Command("show", "Show a run: metrics, artifacts, confusion matrix and config") { id };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var run = await context.Services.Registry.GetRunAsync(new GetRunRequest { RunId = context.Get(id)! }, cancellationToken: cancellationToken);
            context.Output.Show(run, () => RunViews.Show(run));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Compare(CliConsole console)
    {
        var ids = new Argument<string[]>("runs") { Description = "Two or more run ids; differences are taken from the first", Arity = new ArgumentArity(2, 20) };
        var command = new Command("compare", "Compare runs: metric values and differences, and config keys that differ") { ids };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var request = new CompareRunsRequest();
            request.RunIds.AddRange(context.Get(ids)!);
            var comparison = await context.Services.Registry.CompareRunsAsync(request, cancellationToken: cancellationToken);
            context.Output.Show(comparison, () => RunViews.Compare(comparison));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Reproduce(CliConsole console)
    {
        var id = new Argument<string>("run") { Description = "Run id" };
        var noWatch = new Option<bool>("--no-watch") { Description = "Submit and return at once with the job id" };
        var command = new Command("reproduce", "Train again from a run's resolved config on the same dataset version") { id, noWatch };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var run = await context.Services.Registry.GetRunAsync(new GetRunRequest { RunId = context.Get(id)! }, cancellationToken: cancellationToken);
            var job = await context.Services.Training.SubmitJobAsync(ReproductionRequest(run, CommandContext.Actor), cancellationToken: cancellationToken);
            return await TrainCommand.FollowOrShowAsync(context, job, context.Get(noWatch), cancellationToken);
        });
        return command;
    }

    /// <summary>The run's resolved config sent whole, its dataset pinned to the exact version the run used (not name@latest).</summary>
    public static SubmitJobRequest ReproductionRequest(Run run, string actor)
    {
        if (string.IsNullOrWhiteSpace(run.ConfigYaml))
        {
            throw new UsageException($"run {run.Id} has no stored config to reproduce from.");
        }

        var request = new SubmitJobRequest
        {
            Config = new ConfigSource { Yaml = run.ConfigYaml },
            Experiment = run.Experiment,
            RequestedBy = actor,
        };
        if (!string.IsNullOrEmpty(run.DatasetVersion))
        {
            request.Config.Overrides.Add($"data.dataset={run.DatasetVersion}");
        }

        return request;
    }
}
