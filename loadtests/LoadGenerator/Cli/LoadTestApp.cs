using Mlops.LoadGenerator.Engine;
using Mlops.LoadGenerator.Measurement;
using Mlops.LoadGenerator.Reports;
using Mlops.LoadGenerator.Scenarios;
using Mlops.LoadGenerator.Thresholds;

namespace Mlops.LoadGenerator.Cli;

/// <summary>The command line end to end: parse, run, print, check thresholds, write reports, pick the exit code.</summary>
public static class LoadTestApp
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int UsageError = 2;
    public const int RunFailed = 3;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        ScenarioCatalog? catalog = null,
        CancellationToken cancellationToken = default)
    {
        catalog ??= ScenarioCatalog.BuiltIn;
        output = TextWriter.Synchronized(output);
        LoadTestCommand command;
        IReadOnlyList<Scenario> scenarios;
        try
        {
            command = CommandLineParser.Parse(args);
            if (command.ShowHelp || command.ListScenarios)
            {
                output.WriteLine(command.ShowHelp ? HelpText.Usage : string.Join(Environment.NewLine, catalog.All.Select(d => $"{d.Name,-16} {d.Description}")));
                return Passed;
            }

            if (command.Scenarios.Count == 0)
            {
                throw new UsageException("Choose at least one scenario with --scenario (see --list).");
            }

            TargetPolicy.EnsureAllowed(command.Target, command.AllowRemote);
            var settings = new ScenarioSettings(command.Settings);
            scenarios = command.Scenarios
                .Select(choice => catalog.Create(choice.Name, settings) with { Weight = choice.Weight, WarmUp = command.WarmUp })
                .ToArray();
        }
        catch (Exception e) when (e is UsageException or TargetNotAllowedException or KeyNotFoundException or FormatException)
        {
            error.WriteLine(e.Message);
            return UsageError;
        }

        var options = new RunOptions
        {
            Target = command.Target,
            AllowNonLoopback = command.AllowRemote,
            MaxRequests = command.MaxRequests,
            MaxInFlight = command.MaxInFlight,
            Grace = command.Grace,
            Log = output,
        };

        RunResult result;
        try
        {
            var runner = new LoadRunner(scenarios, command.Simulations, options);
            Action<ProgressSnapshot>? progress = command.Quiet ? null : p => output.WriteLine(ConsoleProgress.Line(p));
            result = await runner.RunAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("The run was cancelled before the load started.");
            return RunFailed;
        }
        catch (Exception e)
        {
            error.WriteLine($"The run failed: {e.Message}");
            return RunFailed;
        }

        var outcomes = command.Thresholds.Select(t => t.Evaluate(result)).ToArray();
        output.WriteLine();
        output.Write(MarkdownReport.Render(result, outcomes));
        if (!command.NoReport)
        {
            WriteReports(command, result, outcomes, output);
        }

        var failed = outcomes.Where(o => !o.Passed).ToArray();
        foreach (var outcome in failed)
        {
            error.WriteLine($"threshold failed: {outcome.Threshold.Text} (actual {outcome.ActualText})");
        }

        return failed.Length == 0 ? Passed : ThresholdFailed;
    }

    private static void WriteReports(LoadTestCommand command, RunResult result, IReadOnlyList<ThresholdOutcome> outcomes, TextWriter output)
    {
        if (command.ReportDirectory is { } directory)
        {
            ReportWriter.Write(result, outcomes, directory);
            output.WriteLine($"reports: {Path.GetFullPath(directory)}");
            return;
        }

        var root = ReportLocation.DefaultRoot(Directory.GetCurrentDirectory());
        var folder = ReportLocation.Timestamped(root, result.StartedAt);
        var files = ReportWriter.Write(result, outcomes, folder);
        ReportLocation.MirrorToLatest(root, files);
        output.WriteLine($"reports: {folder} (and {Path.Combine(root, "latest")})");
    }
}
