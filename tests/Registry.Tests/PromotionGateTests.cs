using Mlops.Registry.Gate;
using Mlops.Registry.Model;
using Mlops.Registry.Models;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>The gate's logic on the real Fashion-MNIST sample test split, without a server.</summary>
public sealed class PromotionGateTests
{
    private const string Dataset = "fashion-sample";

    private static readonly InMemoryTestSplitSource Split = new(Dataset, FashionMnistSample.Test, FashionMnistSample.ClassNames);

    [Fact]
    public async Task A_good_candidate_passes_with_its_measured_figures()
    {
        var gate = Gate(new GatePolicy { MinAccuracy = 0.6 });

        var result = await gate.EvaluateAsync(Candidate(Models.GoodOnnx.Value, 1), production: null, CancellationToken.None);

        var expected = CentroidClassifierOnnxTests.Accuracy(
            CentroidClassifierOnnxTests.Predict(Models.GoodOnnx.Value, FashionMnistSample.Test), FashionMnistSample.Test);
        Assert.True(result.Passed, PromotionGate.Describe(result));
        Assert.Equal(1000, result.Samples);
        Assert.Equal(expected, result.Accuracy, precision: 6);
        Assert.True(result.LatencyMsPerImage > 0);
        Assert.All(result.Checks, check => Assert.True(check.Passed, check.Message));
        Assert.Equal(
            [PromotionGate.SignatureCheck, PromotionGate.AccuracyCheck, PromotionGate.DropCheck, PromotionGate.LatencyCheck],
            result.Checks.Select(check => check.Name));
    }

    [Fact]
    public async Task A_candidate_worse_than_production_is_refused_by_the_drop_check()
    {
        var gate = Gate(new GatePolicy { MinAccuracy = 0.2, MaxAccuracyDropVsProduction = 0.02 });

        var result = await gate.EvaluateAsync(Candidate(Models.WorseOnnx.Value, 2), Candidate(Models.GoodOnnx.Value, 1), CancellationToken.None);

        Assert.False(result.Passed);
        var drop = result.Checks.Single(check => check.Name == PromotionGate.DropCheck);
        Assert.False(drop.Passed);
        Assert.True(drop.Measured > 0.1, drop.Message);
        Assert.Equal(0.02, drop.Threshold);
        Assert.True(result.Checks.Single(check => check.Name == PromotionGate.AccuracyCheck).Passed);
        Assert.Contains("centroid/1", drop.Message);
    }

    [Fact]
    public async Task Accuracy_below_the_minimum_and_a_blown_latency_budget_are_refused()
    {
        var gate = Gate(new GatePolicy { MinAccuracy = 0.95, MaxLatencyMsPerImage = 1e-6 });

        var result = await gate.EvaluateAsync(Candidate(Models.GoodOnnx.Value, 1), production: null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Checks.Single(check => check.Name == PromotionGate.AccuracyCheck).Passed);
        Assert.False(result.Checks.Single(check => check.Name == PromotionGate.LatencyCheck).Passed);
        Assert.Contains("minimum 0.9500", PromotionGate.Describe(result));
    }

    [Fact]
    public async Task MaxSamples_limits_how_many_test_images_are_scored()
    {
        var gate = Gate(new GatePolicy { MinAccuracy = 0, MaxSamples = 300, BatchSize = 64 });

        var result = await gate.EvaluateAsync(Candidate(Models.GoodOnnx.Value, 1), production: null, CancellationToken.None);

        Assert.Equal(300, result.Samples);
    }

    [Fact]
    public async Task A_model_whose_input_does_not_fit_the_split_fails_the_signature_check_without_being_run()
    {
        var small = new LabeledImages(14, 14, new byte[10 * 14 * 14], Enumerable.Range(0, 10).Select(i => (byte)i).ToArray());
        var smallModel = CentroidClassifierOnnx.Fit(small, FashionMnistSample.ClassNames).ToOnnx();
        var gate = Gate(new GatePolicy { MinAccuracy = 0 });

        var result = await gate.EvaluateAsync(Candidate(smallModel, 3), production: null, CancellationToken.None);

        Assert.False(result.Passed);
        var check = Assert.Single(result.Checks);
        Assert.Equal(PromotionGate.SignatureCheck, check.Name);
        Assert.Contains("FP32[-1,1,28,28]", check.Message);
        Assert.Equal(0, result.Samples);
    }

    [Fact]
    public async Task A_candidate_without_a_lineage_dataset_is_refused()
    {
        var lineaged = Candidate(Models.GoodOnnx.Value, 1);
        var candidate = lineaged with { Version = lineaged.Version with { Lineage = new VersionLineage() } };

        var result = await Gate(new GatePolicy()).EvaluateAsync(candidate, production: null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains("lineage", Assert.Single(result.Checks).Message);
    }

    private static PromotionGate Gate(GatePolicy policy) => new(Split, policy, TimeProvider.System);

    internal static GateCandidate Candidate(byte[] onnx, int version)
    {
        var info = OnnxModelInspector.Inspect(onnx);
        var modelVersion = new RegisteredVersion
        {
            ModelName = "centroid",
            Version = version,
            Signature = info.Signature,
            ClassNames = info.ClassNames!,
            Lineage = new VersionLineage { DatasetVersionId = Dataset },
        };
        return new GateCandidate(modelVersion, onnx);
    }
}
