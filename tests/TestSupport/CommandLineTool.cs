using System.Diagnostics;

namespace Mlops.TestSupport;

/// <summary>Runs a command-line tool (promtool, ...) to completion.</summary>
public static class CommandLineTool
{
    /// <summary>Runs <paramref name="executable"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>; returns its exit code and its stdout then stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string executable, string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
