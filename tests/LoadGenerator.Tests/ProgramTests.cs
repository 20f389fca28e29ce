using Mlops.LoadGenerator.Cli;

namespace Mlops.LoadGenerator.Tests;

public sealed class ProgramTests : IDisposable
{
    private readonly string _reports = Path.Combine(Path.GetTempPath(), "lg-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Exits_zero_when_every_threshold_passes()
    {
        var code = await Program.Main(["-s", "delay", "--closed", "2", "-d", "1s", "-t", "p99 < 5s", "-t", "fail% < 1", "-o", _reports, "-q"]);

        Assert.Equal(LoadTestApp.Passed, code);
    }

    [Fact]
    public async Task Exits_non_zero_when_a_latency_threshold_is_violated()
    {
        var code = await Program.Main(["-s", "delay", "--set", "delay=2ms", "--closed", "2", "-d", "1s", "-t", "p99 < 1us", "-o", _reports, "-q"]);

        Assert.Equal(LoadTestApp.ThresholdFailed, code);
        Assert.Contains("FAIL", File.ReadAllText(Path.Combine(_reports, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_non_zero_when_the_failure_rate_is_over_its_limit()
    {
        var error = new StringWriter();

        var code = await LoadTestApp.RunAsync(
            ["-s", "delay", "--set", "fail-every=10", "--open", "200", "-d", "1s", "-t", "fail% < 1", "--no-report", "-q"],
            TextWriter.Null,
            error);

        Assert.Equal(LoadTestApp.ThresholdFailed, code);
        Assert.Contains("fail% < 1", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-s", "delay", "-t", "p99 < soon")]
    [InlineData("-s", "nosuchscenario")]
    [InlineData("--closed", "2")]
    [InlineData("-s", "delay", "--bogus")]
    public async Task Exits_with_usage_error_for_a_bad_command_line(params string[] args)
    {
        var error = new StringWriter();

        var code = await LoadTestApp.RunAsync(args, TextWriter.Null, error);

        Assert.Equal(LoadTestApp.UsageError, code);
        Assert.NotEmpty(error.ToString());
    }

    [Fact]
    public async Task Refuses_a_remote_target_without_the_flag_and_writes_nothing()
    {
        var error = new StringWriter();

        var code = await LoadTestApp.RunAsync(["-s", "noop", "--target", "http://10.1.2.3:5000", "-d", "1s", "-o", _reports], TextWriter.Null, error);

        Assert.Equal(LoadTestApp.UsageError, code);
        Assert.Contains("--allow-remote", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_reports));
    }

    [Fact]
    public async Task Runs_against_a_remote_target_when_allowed()
    {
        var code = await LoadTestApp.RunAsync(
            ["-s", "noop", "--target", "http://10.1.2.3:5000", "--allow-remote", "-d", "200ms", "--no-report", "-q"],
            TextWriter.Null,
            TextWriter.Null);

        Assert.Equal(LoadTestApp.Passed, code);
    }

    public void Dispose()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }
}
