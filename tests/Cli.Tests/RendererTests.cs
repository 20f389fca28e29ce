using System.Text.Json;
using Mlops.Cli.Output;
using Mlops.Cli.Tests.Fakes;
using Mlops.Drift.V1;
using Mlops.Inference.V1;
using Mlops.Registry.V1;

namespace Mlops.Cli.Tests;

public class RendererTests
{
    [Fact]
    public void Json_is_valid_and_writes_default_values_so_scripts_always_find_each_field()
    {
        var gate = new GateResult { Passed = false, Accuracy = 0.812, Checks = { new GateCheck { Name = "min_accuracy", Measured = 0.812, Threshold = 0.85 } } };

        using var json = JsonDocument.Parse(ProtoJson.Format(gate));

        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(0.812, json.RootElement.GetProperty("accuracy").GetDouble());
        var check = json.RootElement.GetProperty("checks")[0];
        Assert.Equal("min_accuracy", check.GetProperty("name").GetString());
        Assert.False(check.GetProperty("passed").GetBoolean());
        Assert.Equal(0.85, check.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void Json_mode_writes_the_message_and_not_the_table()
    {
        var output = new StringWriter();
        var renderer = new Renderer(CliConsole.Plain(output, TextWriter.Null), json: true);
        var version = FakeIngestion.Version();

        renderer.Show(version, () => throw new InvalidOperationException("the table must not be built under --json"));

        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(version.Id, json.RootElement.GetProperty("id").GetString());
        Assert.Equal("SPLIT_TRAIN", json.RootElement.GetProperty("splits")[0].GetProperty("split").GetString());
    }

    [Fact]
    public void A_one_line_result_ends_its_line_so_the_shell_prompt_starts_on_a_new_one()
    {
        var output = new StringWriter();
        var renderer = new Renderer(CliConsole.Plain(output, TextWriter.Null), json: false);

        renderer.Show(new Mlops.Registry.V1.ListRunsResponse(), () => new Spectre.Console.Text("No runs match."));

        Assert.EndsWith("\n", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("No runs match.", output.ToString().TrimEnd());
    }

    [Fact]
    public void A_dataset_table_has_class_counts_per_split_and_totals()
    {
        var text = Rendered.Text(DatasetViews.Show(FakeIngestion.Version()));

        Assert.Contains("train", text, StringComparison.Ordinal);
        Assert.Contains("test", text, StringComparison.Ordinal);
        var trouser = Rendered.Line(text, "Trouser");
        Assert.Contains("1350", trouser, StringComparison.Ordinal);
        Assert.Contains("500", trouser, StringComparison.Ordinal);
        var total = Rendered.Line(text, "total");
        Assert.Contains("2700", total, StringComparison.Ordinal);
        Assert.Contains("1000", total, StringComparison.Ordinal);
        Assert.Contains("1x28x28", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gate_table_shows_each_check_with_measured_threshold_and_verdict()
    {
        var gate = new GateResult
        {
            Passed = false,
            Accuracy = 0.812,
            Samples = 1000,
            Checks =
            {
                new GateCheck { Name = "min_accuracy", Measured = 0.812, Threshold = 0.85, Passed = false },
                new GateCheck { Name = "max_latency_ms", Measured = 0.21, Threshold = 5, Passed = true },
            },
        };

        var text = Rendered.Text(ModelViews.Gate(gate));

        var accuracy = Rendered.Line(text, "min_accuracy");
        Assert.Contains("0.812", accuracy, StringComparison.Ordinal);
        Assert.Contains("0.85", accuracy, StringComparison.Ordinal);
        Assert.Contains("NO", accuracy, StringComparison.Ordinal);
        Assert.Contains("yes", Rendered.Line(text, "max_latency_ms"), StringComparison.Ordinal);
        Assert.Contains("refused", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_comparison_shows_values_and_differences_from_the_first_run()
    {
        var comparison = new RunComparison
        {
            Runs = { new Run { Id = "run-a" }, new Run { Id = "run-b" } },
            Metrics = { new MetricComparison { Key = "test_accuracy", Values = { 0.9010, 0.9135 } }, new MetricComparison { Key = "val_loss", Values = { 0.31, double.NaN } } },
            ConfigDifferences = { new ConfigDifference { Key = "optimizer.learning_rate", Values = { "0.001", "0.0005" } } },
        };

        var text = Rendered.Text(RunViews.Compare(comparison));

        var accuracy = Rendered.Line(text, "test_accuracy");
        Assert.Contains("0.9010", accuracy, StringComparison.Ordinal);
        Assert.Contains("0.9135", accuracy, StringComparison.Ordinal);
        Assert.Contains("+0.0125", accuracy, StringComparison.Ordinal);
        Assert.Contains("-", Rendered.Line(text, "val_loss"), StringComparison.Ordinal);
        var config = Rendered.Line(text, "optimizer.learning_rate");
        Assert.Contains("0.001", config, StringComparison.Ordinal);
        Assert.Contains("0.0005", config, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drift_report_shows_every_test_and_no_numbers_where_data_was_too_thin()
    {
        var report = new DriftReport
        {
            Window = new Window { Id = "w-1", ModelName = "fashion", ModelVersion = 3 },
            Tests =
            {
                new FeatureTest { Feature = "mean_intensity", Test = "ks", Statistic = 0.4125, PValue = 3.2e-9, AdjustedPValue = 6.4e-9, Verdict = TestVerdict.Drift },
                new FeatureTest { Feature = "predicted_class", Test = "chi-squared", Verdict = TestVerdict.NotEnoughData },
            },
        };

        var text = Rendered.Text(DriftViews.Report(report, new Uri("http://127.0.0.1:5501/reports/w-1")));

        var drifted = Rendered.Line(text, "mean_intensity");
        Assert.Contains("0.4125", drifted, StringComparison.Ordinal);
        Assert.Contains("3.20e-9", drifted, StringComparison.Ordinal);
        Assert.Contains("6.40e-9", drifted, StringComparison.Ordinal);
        Assert.Contains("DRIFT", drifted, StringComparison.Ordinal);
        var thin = Rendered.Line(text, "predicted_class");
        Assert.Contains("not enough data", thin, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0000", thin, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5501/reports/w-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Prediction_json_pairs_each_file_with_its_prediction()
    {
        var rows = new List<(string, Prediction)>
        {
            ("boot.png", new Prediction { Label = 1, ClassName = "Trouser", Probabilities = { 0.07f, 0.93f }, ModelName = "fashion", ModelVersion = 3 }),
        };

        using var json = JsonDocument.Parse(PredictionViews.Json(rows));

        var first = json.RootElement[0];
        Assert.Equal("boot.png", first.GetProperty("file").GetString());
        Assert.Equal("Trouser", first.GetProperty("prediction").GetProperty("className").GetString());
        Assert.Equal(3, first.GetProperty("prediction").GetProperty("modelVersion").GetInt32());
        Assert.Contains("0.9300", Rendered.Line(Rendered.Text(PredictionViews.Table(rows)), "boot.png"), StringComparison.Ordinal);
    }

    [Fact]
    public void Cell_text_is_never_read_as_markup()
    {
        var text = Rendered.Text(Tables.Create("class").AddCells("[bold]shirt[/]"));

        Assert.Contains("[bold]shirt[/]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_json_lists_each_service_and_the_serving_models()
    {
        var services = new[] { new ServiceHealth("registry", "http://127.0.0.1:5302", true, "serving", ""), new ServiceHealth("drift", "http://127.0.0.1:5502", false, "unreachable", "Connection refused") };
        var serving = new ServingStatus { Ready = true, Models = { new LoadedModel { ModelName = "fashion", Version = 3 } } };

        using var json = JsonDocument.Parse(StatusViews.Json(services, serving));

        Assert.False(json.RootElement.GetProperty("services")[1].GetProperty("healthy").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("serving").GetProperty("models")[0].GetProperty("version").GetInt32());
    }
}
