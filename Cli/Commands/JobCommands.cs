using System.CommandLine;
using Mlops.Cli.Output;
using Mlops.Training.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops jobs list|show|watch|cancel`: training jobs.</summary>
public static class JobCommands
{
    private static readonly string[] States = ["queued", "running", "succeeded", "failed", "cancelled"];

    public static Command Create(CliConsole console)
    {
        var jobs = new Command("jobs", "List, show, follow and cancel training jobs");
        jobs.Subcommands.Add(List(console));
        jobs.Subcommands.Add(Show(console));
        jobs.Subcommands.Add(Watch(console));
        jobs.Subcommands.Add(Cancel(console));
        return jobs;
    }

    private static Command List(CliConsole console)
    {
        var state = new Option<string?>("--state") { Description = "Only jobs in this state" };
        state.AcceptOnlyFromAmong(States);
        var sweep = new Option<string?>("--sweep") { Description = "Only the trials of this sweep" };
        var limit = new Option<int>("--limit") { Description = "How many jobs, newest first", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List jobs, newest first") { state, sweep, limit };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var request = new ListJobsRequest { SweepId = context.Get(sweep) ?? "", Limit = context.Get(limit) };
            if (context.Get(state) is { } wanted)
            {
                request.State = Enum.Parse<JobState>(wanted, ignoreCase: true);
            }

            var response = await context.Services.Training.ListJobsAsync(request, cancellationToken: cancellationToken);
            context.Output.Show(response, () => JobViews.List(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<string>("job") { Description = "Job id" };
        var command = new Command("show", "Show a job: state, progress, run, model version and resolved config") { id };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var job = await context.Services.Training.GetJobAsync(new GetJobRequest { JobId = context.Get(id)! }, cancellationToken: cancellationToken);
            context.Output.Show(job, () => JobViews.Show(job));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch(CliConsole console)
    {
        var id = new Argument<string>("job") { Description = "Job id" };
        var command = new Command("watch", "Follow a job's progress until it ends") { id };
        command.SetHandler(console, (context, cancellationToken) => JobWatch.FollowAsync(context, context.Get(id)!, cancellationToken));
        return command;
    }

    private static Command Cancel(CliConsole console)
    {
        var id = new Argument<string>("job") { Description = "Job id" };
        var command = new Command("cancel", "Cancel a queued or running job") { id };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var job = await context.Services.Training.CancelJobAsync(new CancelJobRequest { JobId = context.Get(id)! }, cancellationToken: cancellationToken);
            context.Output.Show(job, () => new Spectre.Console.Text($"Job {job.Id} is {JobViews.State(job.State)}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
