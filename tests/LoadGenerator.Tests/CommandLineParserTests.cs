using Mlops.LoadGenerator.Cli;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Tests;

public class CommandLineParserTests
{
    [Fact]
    public void Phases_follow_the_command_line_order_each_with_its_duration()
    {
        var command = CommandLineParser.Parse(
            ["-s", "predict:3,predict-batch", "--closed", "1..64", "--duration", "30s", "--duration=20s", "--open", "2000", "--open", "100..500"]);

        Assert.Equal([new ScenarioChoice("predict", 3), new ScenarioChoice("predict-batch", 1)], command.Scenarios);
        Assert.Equal(
            [
                LoadSimulation.RampCopies(1, 64, TimeSpan.FromSeconds(30)),
                LoadSimulation.Inject(2000, TimeSpan.FromSeconds(20)),
                LoadSimulation.RampRate(100, 500, CommandLineParser.DefaultDuration),
            ],
            command.Simulations);
    }

    [Fact]
    public void Options_fill_the_command()
    {
        var command = CommandLineParser.Parse(
            ["-s", "delay", "--warmup", "5s", "-t", "p99 < 10ms", "--target", "http://localhost:6000", "--max-requests", "1000",
             "--max-in-flight", "64", "--grace", "2s", "--set", "delay=3ms", "-o", "out", "-q"]);

        Assert.Equal(TimeSpan.FromSeconds(5), command.WarmUp);
        Assert.Equal(10_000, Assert.Single(command.Thresholds).Limit);
        Assert.Equal(new Uri("http://localhost:6000"), command.Target);
        Assert.Equal(1000, command.MaxRequests);
        Assert.Equal(64, command.MaxInFlight);
        Assert.Equal(TimeSpan.FromSeconds(2), command.Grace);
        Assert.Equal("3ms", command.Settings["delay"]);
        Assert.Equal("out", command.ReportDirectory);
        Assert.True(command.Quiet);
        Assert.Equal([LoadSimulation.KeepConstant(1, CommandLineParser.DefaultDuration)], command.Simulations);
    }

    [Theory]
    [InlineData("--open", "fast")]
    [InlineData("--closed", "2.5")]
    [InlineData("--duration", "10 parsecs")]
    [InlineData("--max-requests", "0")]
    [InlineData("--target", "ftp://127.0.0.1")]
    [InlineData("--set", "novalue")]
    [InlineData("-s", "predict:0")]
    [InlineData("--closed", "2", "-d", "1s", "-d", "2s")]
    [InlineData("--open")]
    public void Rejects_malformed_options(params string[] args)
    {
        Assert.Throws<UsageException>(() => CommandLineParser.Parse(args));
    }

    [Theory]
    [InlineData("250us", 0.25)]
    [InlineData("500ms", 500)]
    [InlineData("20s", 20_000)]
    [InlineData("20", 20_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("1h", 3_600_000)]
    public void Reads_durations(string text, double milliseconds)
    {
        Assert.Equal(milliseconds, DurationText.Parse(text).TotalMilliseconds, 6);
    }
}
