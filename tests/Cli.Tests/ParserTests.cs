using System.CommandLine;
using Mlops.Cli.Commands;
using Mlops.Cli.Output;

namespace Mlops.Cli.Tests;

public class ParserTests
{
    private static ParseResult Parse(params string[] args) =>
        MlopsCommand.Create(CliConsole.Plain(TextWriter.Null, TextWriter.Null)).Parse(args);

    [Theory]
    [InlineData("status")]
    [InlineData("data import fashion --idx train-images.gz train-labels.gz --test-idx t10k-images.gz t10k-labels.gz --tag full")]
    [InlineData("data import shoes --folder ./shoes --test-folder ./shoes-test --validation-fraction 0.1 --seed 7 --shape 1x28x28")]
    [InlineData("data import mine --upload ./images --test-upload ./images-test --class-names cat,dog")]
    [InlineData("data list")]
    [InlineData("data versions fashion-mnist --limit 5")]
    [InlineData("data show fashion-mnist@latest")]
    [InlineData("data export 5f2c9a1e --out ./export")]
    [InlineData("train")]
    [InlineData("train default epochs=3 model=small --no-watch --experiment quick")]
    [InlineData("sweep default epochs=2 --param optimizer.learning_rate=0.001,0.0005 --param batch_size=64,128 --strategy grid --metric val_accuracy --goal max")]
    [InlineData("sweep --param optimizer.learning_rate=0.0001:0.01:log --strategy random --trials 8 --median-stopping")]
    [InlineData("sweep show sweep-1")]
    [InlineData("sweep list")]
    [InlineData("jobs list --state running --limit 10")]
    [InlineData("jobs show job-1")]
    [InlineData("jobs watch job-1")]
    [InlineData("jobs cancel job-1")]
    [InlineData("runs list --experiment baseline --filter test_accuracy>0.9 --filter val_loss<0.3")]
    [InlineData("runs show run-a")]
    [InlineData("runs compare run-a run-b run-c")]
    [InlineData("runs reproduce run-a --no-watch")]
    [InlineData("models list")]
    [InlineData("models versions fashion --archived")]
    [InlineData("models show fashion@production")]
    [InlineData("models promote fashion 3 --alias production --reason better")]
    [InlineData("predict shirt.png boot.jpg --model fashion")]
    [InlineData("drift report --model fashion --version 2 --window w-7")]
    [InlineData("drift windows --model fashion")]
    [InlineData("drift alerts --all")]
    [InlineData("drift ack alert-1")]
    [InlineData("robustness fashion@production --perturbations blur rotation --strengths 0.1 0.5")]
    [InlineData("--json models list")]
    [InlineData("models list --json --registry http://10.0.0.5:5302")]
    public void Every_command_parses_its_documented_form(string commandLine)
    {
        var result = Parse(commandLine.Split(' '));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Action);
    }

    [Fact]
    public void Train_takes_the_config_and_overrides_in_order()
    {
        var result = Parse("train", "default", "epochs=3", "optimizer.learning_rate=0.0005", "model=small", "--no-watch");

        var config = TrainCommand.ReadConfig(result.GetValue(TrainCommand.ConfigAndOverrides));

        Assert.Equal("default", config.Name);
        Assert.Equal(["epochs=3", "optimizer.learning_rate=0.0005", "model=small"], config.Overrides);
        Assert.True(result.GetValue<bool>("--no-watch"));
    }

    [Fact]
    public void Options_take_their_values()
    {
        var promote = Parse("models", "promote", "fashion", "3", "--alias", "staging", "--reason", "better on shoes");
        Assert.Equal("fashion", promote.GetValue<string>("name"));
        Assert.Equal(3, promote.GetValue<int>("version"));
        Assert.Equal("staging", promote.GetValue<string>("--alias"));
        Assert.Equal("better on shoes", promote.GetValue<string>("--reason"));

        var idx = Parse("data", "import", "fm", "--idx", "a.gz", "b.gz");
        Assert.Equal(["a.gz", "b.gz"], idx.GetValue<string[]>("--idx")!);

        var runs = Parse("runs", "list", "--filter", "test_accuracy>0.9", "--filter", "val_loss<0.3");
        Assert.Equal(["test_accuracy>0.9", "val_loss<0.3"], runs.GetValue<string[]>("--filter")!);
    }

    [Fact]
    public void Defaults_match_the_documentation()
    {
        Assert.Equal("production", Parse("models", "promote", "fashion", "3").GetValue<string>("--alias"));
        Assert.Equal("fashion", Parse("drift", "report").GetValue<string>("--model"));
        var sweep = Parse("sweep", "--param", "epochs=1,2");
        Assert.Equal("val_accuracy", sweep.GetValue<string>("--metric"));
        Assert.Equal("max", sweep.GetValue<string>("--goal"));
        Assert.Equal(10, sweep.GetValue<int>("--trials"));
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("data")]
    [InlineData("data import fm")]
    [InlineData("data import fm --idx only-one-file")]
    [InlineData("data import fm --idx a b --folder c")]
    [InlineData("data import fm --folder a --test-idx b c")]
    [InlineData("data export v1")]
    [InlineData("runs compare run-a")]
    [InlineData("models promote fashion three")]
    [InlineData("models promote fashion")]
    [InlineData("sweep")]
    [InlineData("sweep --param epochs=1,2 --goal sideways")]
    [InlineData("sweep --param epochs=1,2 --trials 0")]
    [InlineData("sweep --param epochs=1,2 --strategy bayes")]
    [InlineData("jobs list --state sleeping")]
    [InlineData("predict")]
    [InlineData("robustness fashion@production --perturbations melt")]
    [InlineData("drift ack")]
    [InlineData("models list --no-such-option")]
    public async Task Usage_errors_exit_2_before_calling_any_service(string commandLine)
    {
        // Every address points at a port nothing listens on: a usage error must not get as far as a call.
        var run = await CliRun.RunAsync([.. commandLine.Split(' '), .. Unreachable.Everywhere]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error", run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cannot reach", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train default other-config")]
    [InlineData("train =3")]
    [InlineData("train ./no/such/config.yaml")]
    [InlineData("sweep --param learning_rate")]
    [InlineData("sweep --param lr=0.1:0.01")]
    [InlineData("sweep --param lr=0.0001:0.01 --strategy grid")]
    [InlineData("predict no-such-image.png")]
    [InlineData("data import fm --upload ./no-such-folder")]
    [InlineData("data import fm --folder x --shape 28x28")]
    public async Task Arguments_the_parser_accepts_but_that_cannot_be_used_also_exit_2(string commandLine)
    {
        var run = await CliRun.RunAsync([.. commandLine.Split(' '), .. Unreachable.Everywhere]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot reach", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_every_command_group()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var group in new[] { "status", "data", "train", "sweep", "jobs", "runs", "models", "predict", "drift", "robustness" })
        {
            Assert.Contains(group, run.Out, StringComparison.Ordinal);
        }
    }
}
