using Mlops.Cli.Output;

namespace Mlops.Cli.Tests;

/// <summary>Runs the real entry point with captured stdout and stderr, as a script calling `mlops` would see them.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, CliConsole.Plain(output, error, width: 220));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
