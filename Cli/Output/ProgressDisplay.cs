using Spectre.Console;

namespace Mlops.Cli.Output;

/// <summary>A live progress bar on a terminal; nothing at all in a pipe or under --json, where it would garble the output.</summary>
public static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(Renderer output, string description, double total, Func<ProgressTask?, Task<T>> work)
    {
        if (output.Json || !output.Console.Interactive)
        {
            return await work(null);
        }

        return await output.Console.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context => await work(context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1))));
    }
}
