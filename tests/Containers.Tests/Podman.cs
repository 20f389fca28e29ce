using System.Diagnostics;
using Mlops.TestSupport;

namespace Mlops.Containers.Tests;

/// <summary>The podman command line, with the project's containers.conf (runc, ulimits this machine can grant).</summary>
internal static class Podman
{
    public const string Executable = "/usr/bin/podman";

    /// <summary>The registry deploy/containers/build pushes to and pulls from; the images keep its name.</summary>
    public static readonly string ImagePrefix = $"localhost:{RegistryPort()}/mlops/";

    private static string RegistryPort() =>
        System.Environment.GetEnvironmentVariable("MLOPS_REGISTRY_PORT") is { Length: > 0 } port ? port : "5000";

    public static string ConfigFile => Path.Combine(RepositoryLayout.Root, "deploy", "containers", "containers.conf");

    public static string Image(string service) => $"{ImagePrefix}{service}:latest";

    /// <summary>Why the container tests cannot run here, or null when they can.</summary>
    public static string? MissingReason()
    {
        if (!File.Exists(Executable))
        {
            return $"{Executable} is not installed (apt-get install podman runc; the container stage of .ci/run installs it).";
        }

        var missing = ContainerStack.Images.Append(ContainerStack.Bootstrap).Where(image => Run("image", "exists", Image(image)).ExitCode != 0).ToList();
        return missing.Count == 0
            ? null
            : $"images not built: {string.Join(", ", missing.Select(Image))} (run deploy/containers/build; the container stage of .ci/run does).";
    }

    public static (int ExitCode, string Output) Run(params string[] arguments) =>
        RunAsync(arguments).GetAwaiter().GetResult();

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CONTAINERS_CONF"] = ConfigFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("podman did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Runs podman and returns its output; a failure throws with the command and what podman said.</summary>
    public static async Task<string> CheckedAsync(params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"podman {string.Join(' ', arguments)} exited {exitCode}: {output}");
        }

        return output;
    }
}
