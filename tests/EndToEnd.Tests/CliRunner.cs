using Mlops.Cli;
using Mlops.Cli.Output;

namespace Mlops.EndToEnd.Tests;

/// <summary>Runs the `mlops` command line in-process against the platform's endpoints and returns its JSON output.</summary>
internal sealed class CliRunner(PlatformFixture platform)
{
    public async Task<string> RunJsonAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] addresses =
        [
            "--ingestion", platform.GrpcAddress("ingestion"),
            "--training", platform.GrpcAddress("training"),
            "--registry", platform.GrpcAddress("registry"),
            "--inference", platform.GrpcAddress("inference"),
            "--drift", platform.GrpcAddress("drift"),
            "--json",
        ];
        var exitCode = await CliApplication.RunAsync([.. args, .. addresses], CliConsole.Plain(output, error));
        Assert.True(exitCode == 0, $"mlops {string.Join(' ', args)} exited {exitCode}: {error}");
        return output.ToString();
    }
}
