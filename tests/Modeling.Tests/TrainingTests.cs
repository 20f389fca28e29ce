namespace Mlops.Modeling.Tests;

[Collection(TrainedModelCollection.Name)]
public class TrainingTests(TrainedModelFixture trained)
{
    [Fact]
    public void One_epoch_on_a_small_subset_is_far_better_than_chance()
    {
        var report = ModelEvaluator.Evaluate(trained.Model, SmallRuns.Test);

        Assert.True(report.Accuracy > 0.5, $"test accuracy {report.Accuracy:P1} (chance is 10%)");
        var epoch = Assert.Single(trained.Result.Epochs);
        Assert.True(epoch.ValidationAccuracy > 0.5, $"validation accuracy {epoch.ValidationAccuracy:P1}");
        Assert.True(epoch.ImagesPerSecond > 0);
    }

    [Fact]
    public void Same_seed_and_data_give_identical_metrics_and_another_seed_does_not()
    {
        var first = Train(SmallRuns.Options);
        var again = Train(SmallRuns.Options);
        var otherSeed = Train(SmallRuns.Options with { Seed = SmallRuns.Options.Seed + 1 });

        Assert.Equal(Figures(first), Figures(again));
        Assert.NotEqual(Figures(first), Figures(otherSeed));
    }

    [Fact]
    public void Pipelined_and_preloaded_feeds_train_on_the_same_batches()
    {
        var options = SmallRuns.Options with { RandomHorizontalFlip = false };

        var pipelined = Train(options with { Feed = BatchFeed.Pipelined });
        var preloaded = Train(options with { Feed = BatchFeed.Preloaded });

        Assert.Equal(Figures(pipelined), Figures(preloaded));
    }

    [Fact]
    public void Progress_is_reported_for_every_step_and_epoch()
    {
        var reports = new List<TrainingProgress>();
        var options = SmallRuns.Options with { Epochs = 2, EarlyStoppingPatience = 0 };

        using var model = new CnnTrainer(SmallRuns.Config, options)
            .Train(SmallRuns.Train.Take(640), SmallRuns.Validation.Take(300), new ListProgress(reports)).Model;

        var steps = reports.OfType<StepProgress>().ToList();
        var epochs = reports.OfType<EpochMetrics>().ToList();
        Assert.Equal(20, steps.Count);
        Assert.All(steps, s => Assert.Equal(10, s.StepsPerEpoch));
        Assert.Equal(Enumerable.Range(1, 10).Concat(Enumerable.Range(1, 10)), steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.True(s.ImagesPerSecond > 0 && s.LearningRate > 0 && double.IsFinite(s.Loss)));
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.IsType<EpochMetrics>(reports[^1]);
        Assert.All(epochs, e => Assert.InRange(e.ValidationAccuracy, 0, 1));
        Assert.True(epochs[1].LearningRate < epochs[0].LearningRate, "cosine schedule lowers the rate");
    }

    [Fact]
    public void The_best_epoch_weights_are_restored_and_training_stops_when_validation_stops_improving()
    {
        // Validation labels that have nothing to do with the images: the more the model learns,
        // the worse its validation loss, so epoch 1 stays the best.
        var validation = SmallRuns.Validation.Take(300);
        var shuffledLabels = validation.Labels.Select((_, i) => (i * 7 + 3) % 10).ToArray();
        var unrelated = new LabeledImages(validation.Pixels, shuffledLabels);
        var options = SmallRuns.Options with { Epochs = 6, EarlyStoppingPatience = 2 };

        var result = new CnnTrainer(SmallRuns.Config, options).Train(QuickTrain, unrelated);
        using var model = result.Model;

        Assert.True(result.StoppedEarly);
        Assert.Equal(result.BestEpoch + 2, result.Epochs.Count);
        var restored = ModelEvaluator.Evaluate(model, unrelated);
        Assert.Equal(result.Best.ValidationLoss, restored.Loss, 5);
        Assert.True(result.Epochs[^1].ValidationLoss > result.Best.ValidationLoss);
    }

    [Fact]
    public void An_absurd_learning_rate_fails_with_a_divergence_error()
    {
        var options = SmallRuns.Options with { Optimizer = OptimizerKind.Sgd, LearningRate = 1e6 };

        var error = Assert.Throws<TrainingDivergedException>(() => Train(options));

        Assert.False(double.IsFinite(error.Loss));
        Assert.Equal(1e6, error.LearningRate);
        Assert.Contains("diverged", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_training_within_a_step()
    {
        using var cancellation = new CancellationTokenSource();
        var steps = 0;
        var progress = new ListProgress(_ =>
        {
            if (Interlocked.Increment(ref steps) == 3)
            {
                cancellation.Cancel();
            }
        });
        var options = SmallRuns.Options with { Epochs = 5 };

        var training = new CnnTrainer(SmallRuns.Config, options)
            .TrainAsync(SmallRuns.Train, SmallRuns.Validation, progress, cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => training);
        Assert.Equal(3, steps);
    }

    /// <summary>Enough for tests that compare runs rather than judge accuracy.</summary>
    private static LabeledImages QuickTrain => SmallRuns.Train.Take(1000);

    private static TrainingResult Train(TrainingOptions options)
    {
        var result = new CnnTrainer(SmallRuns.Config, options).Train(QuickTrain, SmallRuns.Validation.Take(300));
        result.Model.Dispose();
        return result;
    }

    private static double[] Figures(TrainingResult result) =>
    [
        .. result.Epochs.SelectMany(e => new[] { e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy }),
    ];
}
