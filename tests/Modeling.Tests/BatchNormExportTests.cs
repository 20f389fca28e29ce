using Mlops.Modeling.Onnx;

namespace Mlops.Modeling.Tests;

/// <summary>Batch norm is folded into the convolutions at export and residual units become Add nodes; ONNX Runtime must still agree.</summary>
public class BatchNormExportTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_trained_batch_norm_network_exports_to_a_graph_that_agrees_with_TorchSharp(bool residual)
    {
        var config = SmallRuns.Config with { BatchNorm = true, Residual = residual };
        var options = SmallRuns.Options with { Schedule = LearningRateSchedule.OneCycle, LabelSmoothing = 0.1 };
        var result = new CnnTrainer(config, options).Train(SmallRuns.Train, SmallRuns.Validation);
        using var model = result.Model;

        var onnx = OnnxExporter.Build(model, new OnnxExportInfo(FashionMnist.ClassNames));
        var verification = OnnxVerifier.Verify(OnnxExporter.Export(model, new OnnxExportInfo(FashionMnist.ClassNames)),
            model, SmallRuns.Test.Take(300));

        Assert.DoesNotContain(onnx.Graph.Node, n => n.OpType == "BatchNormalization");
        Assert.Equal(residual ? 2 : 0, onnx.Graph.Node.Count(n => n.OpType == "Add"));
        Assert.True(verification.Passed, $"max abs difference {verification.MaxAbsDifference}");
        Assert.Equal(300, verification.PredictionAgreements);
        Assert.True(result.Best.ValidationAccuracy > 0.5, $"validation accuracy {result.Best.ValidationAccuracy}");
    }

    [Fact]
    public void Running_statistics_travel_with_the_weights_file()
    {
        var config = SmallRuns.Config with { BatchNorm = true };
        var result = new CnnTrainer(config, SmallRuns.Options).Train(SmallRuns.Train.Take(500), SmallRuns.Validation);
        using var model = result.Model;
        using var file = new MemoryStream();
        ModelWeights.Save(model, file);
        file.Position = 0;

        using var loaded = ModelWeights.Load(config, file);

        var before = ModelEvaluator.Evaluate(model, SmallRuns.Test.Take(200));
        var after = ModelEvaluator.Evaluate(loaded, SmallRuns.Test.Take(200));
        Assert.Equal(before.Loss, after.Loss, 6);
    }

    [Fact]
    public void Same_seed_gives_identical_metrics_with_batch_norm_one_cycle_and_augmentation()
    {
        var config = SmallRuns.Config with { BatchNorm = true };
        var options = SmallRuns.Options with
        {
            Schedule = LearningRateSchedule.OneCycle,
            LabelSmoothing = 0.1,
            RandomHorizontalFlip = true,
            RandomShiftPixels = 2,
        };

        var runs = Enumerable.Range(0, 2).Select(_ =>
        {
            var result = new CnnTrainer(config, options).Train(SmallRuns.Train.Take(500), SmallRuns.Validation);
            result.Model.Dispose();
            return result.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.ValidationAccuracy)).ToList();
        }).ToList();

        Assert.Equal(runs[0], runs[1]);
    }

    [Fact]
    public void Residual_units_without_batch_norm_are_refused()
    {
        Assert.Throws<ArgumentException>(() => (SmallRuns.Config with { Residual = true }).Validate());
    }
}
