namespace Mlops.Cli.Tests;

public class ConnectionTests
{
    [Fact]
    public async Task An_unreachable_service_exits_1_naming_the_service_its_address_and_how_to_change_it()
    {
        var run = await CliRun.RunAsync("models", "list", "--registry", Unreachable.Address);

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.Contains("cannot reach the registry service", run.Error, StringComparison.Ordinal);
        Assert.Contains(Unreachable.Address, run.Error, StringComparison.Ordinal);
        Assert.Contains("MLOPS_REGISTRY_URL", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_malformed_address_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("models", "list", "--registry", "ftp://example.org");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--registry", run.Error, StringComparison.Ordinal);
    }
}
