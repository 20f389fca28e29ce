using Mlops.Modeling.Checkpoints;
using static TorchSharp.torch;

namespace Mlops.Modeling.Tests;

public sealed class CheckpointTests
{
    private static readonly LabeledImages Train = SmallRuns.Train.Take(1500);

    [Theory]
    [InlineData(OptimizerKind.Adam, BatchFeed.Pipelined)]
    [InlineData(OptimizerKind.Sgd, BatchFeed.Preloaded)]
    public void Training_resumed_from_a_checkpoint_ends_with_the_weights_and_metrics_of_the_uninterrupted_run(OptimizerKind optimizer, BatchFeed feed)
    {
        // Augmentation, dropout, a per-step schedule and momentum all carry state across epochs.
        var options = SmallRuns.Options with
        {
            Epochs = 3,
            Optimizer = optimizer,
            Feed = feed,
            RandomShiftPixels = feed == BatchFeed.Pipelined ? 2 : 0,
            RandomHorizontalFlip = feed == BatchFeed.Pipelined,
            Schedule = LearningRateSchedule.OneCycle,
            Checkpoints = true,
        };
        var checkpoints = new List<TrainingCheckpoint>();
        var trainer = new CnnTrainer(SmallRuns.Config, options);
        var whole = trainer.Train(Train, SmallRuns.Validation, new ListProgress(p =>
        {
            if (p is CheckpointSaved saved)
            {
                checkpoints.Add(saved.Checkpoint);
            }
        }));
        using var wholeModel = whole.Model;
        Assert.Equal([1, 2, 3], checkpoints.Select(c => c.Epoch));

        var stored = TrainingCheckpoint.Read(checkpoints[0].Content.ToArray());
        var resumed = trainer.Train(Train, SmallRuns.Validation, start: new TrainingStart { Checkpoint = stored });
        using var resumedModel = resumed.Model;

        Assert.Equal(whole.Epochs.Select(Comparable), resumed.Epochs.Select(Comparable));
        Assert.Equal(whole.BestEpoch, resumed.BestEpoch);
        Assert.Equal(ModelingEvaluation(wholeModel), ModelingEvaluation(resumedModel));
        foreach (var (name, tensor) in wholeModel.state_dict())
        {
            Assert.True(tensor.eq(resumedModel.state_dict()[name]).all().item<bool>(), $"{name} differs after resuming");
        }
    }

    [Fact]
    public void A_checkpoint_of_another_training_is_refused_with_what_differs()
    {
        var options = SmallRuns.Options with { Epochs = 1, Checkpoints = true };
        TrainingCheckpoint? checkpoint = null;
        using (var result = new CnnTrainer(SmallRuns.Config, options).Train(Train, SmallRuns.Validation,
                   new ListProgress(p => checkpoint = (p as CheckpointSaved)?.Checkpoint ?? checkpoint)).Model)
        {
        }

        var other = new CnnTrainer(SmallRuns.Config, options with { Seed = 8, Epochs = 2 });
        var error = Assert.Throws<InvalidDataException>(() =>
            other.Train(Train, SmallRuns.Validation, start: new TrainingStart { Checkpoint = checkpoint }));
        Assert.Contains("seed 7", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Read([1, 2, 3]));
    }

    [Fact]
    public void Fine_tuning_starts_from_the_given_weights()
    {
        using var first = new CnnTrainer(SmallRuns.Config, SmallRuns.Options).Train(Train, SmallRuns.Validation).Model;
        using var weights = new MemoryStream();
        ModelWeights.Save(first, weights);
        var tuned = new CnnTrainer(SmallRuns.Config, SmallRuns.Options with { LearningRate = 1e-4, Seed = 99 })
            .Train(Train, SmallRuns.Validation, start: new TrainingStart { InitialWeights = weights.ToArray() });
        using var fresh = new CnnTrainer(SmallRuns.Config, SmallRuns.Options with { LearningRate = 1e-4, Seed = 99 })
            .Train(Train, SmallRuns.Validation).Model;
        using var tunedModel = tuned.Model;

        // A tiny learning rate barely moves random weights: only a start from trained ones is already good.
        Assert.True(ModelingEvaluation(tunedModel).Accuracy > ModelingEvaluation(fresh).Accuracy + 0.1,
            $"{ModelingEvaluation(tunedModel).Accuracy} vs {ModelingEvaluation(fresh).Accuracy}");
        var wider = new CnnTrainer(SmallRuns.Config with { HiddenUnits = 64 }, SmallRuns.Options);
        Assert.Throws<InvalidDataException>(() =>
            wider.Train(Train, SmallRuns.Validation, start: new TrainingStart { InitialWeights = weights.ToArray() }));
    }

    [Fact]
    public void Checkpoint_artifact_names_carry_their_epoch()
    {
        Assert.Equal("checkpoints/epoch-0012.ckpt", TrainingCheckpoint.ArtifactName(12));
        Assert.Equal(12, TrainingCheckpoint.EpochOfArtifact("checkpoints/epoch-0012.ckpt"));
        Assert.Null(TrainingCheckpoint.EpochOfArtifact("model.onnx"));
        Assert.Null(TrainingCheckpoint.EpochOfArtifact("checkpoints/epoch-x.ckpt"));
    }

    private static (double, double, double, double, double, bool) Comparable(EpochMetrics e) =>
        (e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate, e.IsBest);

    private static (double Loss, double Accuracy) ModelingEvaluation(CnnModel model)
    {
        var report = ModelEvaluator.Evaluate(model, SmallRuns.Test);
        return (report.Loss, report.Accuracy);
    }
}
