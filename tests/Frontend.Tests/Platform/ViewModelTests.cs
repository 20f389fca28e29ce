using Grpc.Core;
using Mlops.Frontend.Platform;
using Mlops.Inference.V1;
using Mlops.Registry.V1;
using Mlops.Training.V1;

namespace Mlops.Frontend.Tests.Platform;

public sealed class ViewModelTests
{
    [Fact]
    public void A_prediction_names_every_class_with_its_probability_and_the_model_that_answered()
    {
        var prediction = new Prediction { Label = 1, ClassName = "trouser", ModelName = "fashion", ModelVersion = 3, Cached = true };
        prediction.Probabilities.AddRange([0.1f, 0.7f, 0.2f]);

        var view = PredictionView.From("a.png", prediction, ["t-shirt", "trouser", "pullover"]);

        Assert.Equal("trouser", view.ClassName);
        Assert.Equal(0.7, view.Probability, 5);
        Assert.Equal(["t-shirt", "trouser", "pullover"], view.Classes.Select(item => item.ClassName));
        Assert.Equal("fashion/3", view.ModelReference);
        Assert.True(view.Cached);
    }

    [Fact]
    public void Runs_are_filtered_by_text_and_sorted_by_a_metric()
    {
        Run[] runs = [Run("a", "baseline", 0.8), Run("b", "baseline", 0.9), Run("c", "wide", 0.95)];

        var arranged = RunTable.Arrange(runs, "base", "val_accuracy", descending: true);

        Assert.Equal(["b", "a"], arranged.Select(run => run.Id));
        Assert.Equal(["c", "b", "a"], RunTable.Arrange(runs, "", "val_accuracy", descending: true).Select(run => run.Id));
        Assert.Equal(["a", "b", "c"], RunTable.Arrange(runs, "", RunTable.Experiment, descending: false).Select(run => run.Id).Take(3).Order());
    }

    [Fact]
    public void Curves_of_different_lengths_share_one_axis_and_a_short_one_keeps_its_last_value()
    {
        var (labels, values) = CurveSeries.Align([new("a", [(1, 0.5), (2, 0.6), (3, 0.7)]), new("b", [(1, 0.4), (2, 0.45)])]);

        Assert.Equal(["1", "2", "3"], labels);
        Assert.Equal([0.5, 0.6, 0.7], values[0]);
        Assert.Equal([0.4, 0.45, 0.45], values[1]);
    }

    [Fact]
    public void A_confusion_matrix_gives_per_class_accuracy_and_cell_intensity()
    {
        var matrix = new ConfusionMatrix();
        matrix.ClassNames.AddRange(["cat", "dog"]);
        matrix.Counts.AddRange([8, 2, 5, 5]);

        var view = new ConfusionMatrixView(matrix);

        Assert.Equal(0.8, view.ClassAccuracy(0), 5);
        Assert.Equal(0.5, view.ClassAccuracy(1), 5);
        Assert.Equal(1.0, view.Intensity(0, 0), 5);
        Assert.Equal(0.25, view.Intensity(0, 1), 5);
    }

    [Fact]
    public void Job_progress_reads_epochs_steps_and_the_latest_metrics()
    {
        var job = new Job { State = JobState.Running, Progress = new JobProgress { Epoch = 1, TotalEpochs = 2, Step = 10, TotalSteps = 40 } };
        job.Progress.Metrics["batch_loss"] = 0.5;
        job.Progress.Metrics["batch_accuracy"] = 0.75;

        var view = JobProgressView.From(job);

        Assert.Equal("1/2", view.Epochs);
        Assert.Equal("10/40", view.Steps);
        Assert.Equal(25, view.Percent, 5);
        Assert.Equal("0.5", view.Loss);
        Assert.Equal("75.0%", view.Accuracy);
        Assert.Null(view.ImagesPerSecond);
    }

    [Fact]
    public void An_unreachable_service_is_named_with_what_to_do_and_other_errors_keep_the_services_message()
    {
        var down = ServiceCall.Describe("registry", new RpcException(new Status(StatusCode.Unavailable, "connection refused")));
        var refused = ServiceCall.Describe("registry", new RpcException(new Status(StatusCode.FailedPrecondition, "The gate refused fashion/2")));

        Assert.StartsWith("The registry service is not reachable", down);
        Assert.Contains("connection refused", down);
        Assert.Equal("The gate refused fashion/2", refused);
    }

    [Fact]
    public void A_chart_spans_zero_to_its_largest_value_so_probabilities_fill_the_plot()
    {
        var geometry = new ChartGeometry([new ChartLine("p", [0.1, 0.6, 0.3])], 3);

        Assert.Equal(0, geometry.Min);
        Assert.Equal(0.6, geometry.Max, 5);
        Assert.Equal(ChartGeometry.Top, geometry.Y(0.6), 5);
        Assert.Equal(ChartGeometry.Height - ChartGeometry.Bottom, geometry.Y(0), 5);
        Assert.True(geometry.X(0) < geometry.X(1));
        Assert.Equal(1, new ChartGeometry([new ChartLine("flat", [0, 0])], 2).Max);
    }

    private static Run Run(string id, string experiment, double accuracy)
    {
        var run = new Run { Id = id, Experiment = experiment, Status = RunStatus.Finished };
        run.Metrics["val_accuracy"] = accuracy;
        return run;
    }
}
