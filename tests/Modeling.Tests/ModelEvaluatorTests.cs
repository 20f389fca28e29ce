namespace Mlops.Modeling.Tests;

[Collection(TrainedModelCollection.Name)]
public class ModelEvaluatorTests(TrainedModelFixture trained)
{
    [Fact]
    public void Confusion_matrix_accounts_for_every_image_and_agrees_with_the_accuracies()
    {
        var test = SmallRuns.Test;

        var report = ModelEvaluator.Evaluate(trained.Model, test, batchSize: 300);

        Assert.Equal(test.Count, report.Count);
        Assert.Equal(10, report.ConfusionMatrix.Length);
        for (var c = 0; c < 10; c++)
        {
            Assert.Equal(test.Labels.Count(l => l == c), report.ConfusionMatrix[c].Sum());
            Assert.Equal((double)report.ConfusionMatrix[c][c] / report.ConfusionMatrix[c].Sum(), report.PerClassAccuracy[c], 12);
        }
        var correct = Enumerable.Range(0, 10).Sum(c => report.ConfusionMatrix[c][c]);
        Assert.Equal((double)correct / test.Count, report.Accuracy, 12);
        Assert.True(report.Loss > 0);
    }

    [Fact]
    public void Batch_size_does_not_change_the_result_and_the_model_mode_is_kept()
    {
        trained.Model.train();
        var small = ModelEvaluator.Evaluate(trained.Model, SmallRuns.Test, batchSize: 64);
        Assert.True(trained.Model.training);
        trained.Model.eval();
        var large = ModelEvaluator.Evaluate(trained.Model, SmallRuns.Test, batchSize: 1000);

        Assert.Equal(small.Accuracy, large.Accuracy);
        Assert.Equal(small.Loss, large.Loss, 4);
    }
}
