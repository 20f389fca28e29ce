namespace Mlops.Modeling.Tests;

[Collection(TrainedModelCollection.Name)]
public class ModelWeightsTests(TrainedModelFixture trained)
{
    [Fact]
    public void Saved_weights_load_into_a_model_that_evaluates_identically()
    {
        using var stream = new MemoryStream();
        ModelWeights.Save(trained.Model, stream);
        stream.Position = 0;

        using var loaded = ModelWeights.Load(SmallRuns.Config, stream);

        var original = ModelEvaluator.Evaluate(trained.Model, SmallRuns.Test);
        var reloaded = ModelEvaluator.Evaluate(loaded, SmallRuns.Test);
        Assert.Equal(original.Loss, reloaded.Loss);
        Assert.Equal(original.ConfusionMatrix, reloaded.ConfusionMatrix);
    }

    [Fact]
    public void Loading_into_a_different_architecture_fails()
    {
        using var stream = new MemoryStream();
        ModelWeights.Save(trained.Model, stream);
        stream.Position = 0;

        Assert.ThrowsAny<Exception>(() => ModelWeights.Load(SmallRuns.Config with { HiddenUnits = 64 }, stream));
    }
}
