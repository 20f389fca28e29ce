using Mlops.Modeling.Compression;
using Mlops.Modeling.Onnx;

namespace Mlops.Modeling.Tests;

[Collection(TrainedModelCollection.Name)]
public class PruningTests(TrainedModelFixture trained)
{
    private CnnModel Copy()
    {
        using var weights = new MemoryStream();
        ModelWeights.Save(trained.Model, weights);
        weights.Position = 0;
        return ModelWeights.Load(SmallRuns.Config, weights);
    }

    [Fact]
    public void Pruning_zeroes_the_asked_share_of_every_layer_and_fine_tuning_keeps_it()
    {
        using var model = Copy();
        Assert.True(MagnitudePruner.Sparsity(model) < 0.01);

        PrunedFineTuning.PruneAndFineTune(model, 0.5, SmallRuns.Train, SmallRuns.Options, epochs: 1);

        Assert.InRange(MagnitudePruner.Sparsity(model), 0.5, 0.51);
        foreach (var weight in MagnitudePruner.PrunableWeights(model))
        {
            var zeros = weight.eq(0).sum().item<long>() / (double)weight.numel();
            Assert.InRange(zeros, 0.49, 0.51);
        }
        Assert.False(model.training);
    }

    [Fact]
    public void Fine_tuning_wins_back_accuracy_pruning_lost_and_the_pruned_model_exports_like_any_model()
    {
        using var prunedOnly = Copy();
        using var fineTuned = Copy();

        PrunedFineTuning.PruneAndFineTune(prunedOnly, 0.7, SmallRuns.Train, SmallRuns.Options, epochs: 0);
        PrunedFineTuning.PruneAndFineTune(fineTuned, 0.7, SmallRuns.Train, SmallRuns.Options, epochs: 2);

        var lost = ModelEvaluator.Evaluate(prunedOnly, SmallRuns.Test).Accuracy;
        var recovered = ModelEvaluator.Evaluate(fineTuned, SmallRuns.Test).Accuracy;
        Assert.True(recovered > lost, $"accuracy {lost:P1} after pruning, {recovered:P1} after fine-tuning");
        var onnx = OnnxExporter.Export(fineTuned, new OnnxExportInfo(FashionMnist.ClassNames));
        Assert.True(OnnxVerifier.Verify(onnx, fineTuned, SmallRuns.Test.Take(200)).Passed);
    }

    [Fact]
    public void The_same_seed_prunes_and_fine_tunes_to_the_same_weights()
    {
        using var first = Copy();
        using var second = Copy();

        var firstLoss = PrunedFineTuning.PruneAndFineTune(first, 0.7, SmallRuns.Train, SmallRuns.Options, epochs: 1);
        var secondLoss = PrunedFineTuning.PruneAndFineTune(second, 0.7, SmallRuns.Train, SmallRuns.Options, epochs: 1);

        Assert.Equal(firstLoss, secondLoss);
        foreach (var (a, b) in MagnitudePruner.PrunableWeights(first).Zip(MagnitudePruner.PrunableWeights(second)))
        {
            Assert.True(a.eq(b).all().item<bool>(), "weights differ between two runs with the same seed");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Sparsity_outside_zero_to_one_is_refused(double sparsity)
    {
        using var model = Copy();

        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruner.Prune(model, sparsity));
    }
}
