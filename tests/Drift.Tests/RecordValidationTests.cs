using Mlops.Drift.Grpc;
using Mlops.Drift.Model;
using Mlops.Drift.V1;
using Mlops.TestSupport;

namespace Mlops.Drift.Tests;

public sealed class RecordValidationTests
{
    [Fact]
    public async Task Malformed_records_are_rejected_with_a_reason_each_and_the_rest_accepted()
    {
        using var stack = new DriftStack();
        using var classifier = DriftStack.Classifier();
        var batch = TrafficGenerator.Batch(classifier, FashionMnistSample.Test, [0, 1, 2, 3, 4, 5, 6], DriftStack.ModelName, DriftStack.ModelVersion);
        batch.Records[1].Features.RemoveAt(0);
        batch.Records[2].Features[3] = double.NaN;
        batch.Records[3].Probabilities[0] += 0.3f;
        batch.Records[4].ModelVersion = 99;
        batch.Records[5].PredictedLabel = 10;

        var outcome = await stack.Monitor.RecordAsync(batch.ToDomain(), CancellationToken.None);

        Assert.Equal(2, outcome.Accepted);
        Assert.Equal(5, outcome.Rejected);
        Assert.Equal(1, outcome.UnknownModel);
        Assert.Collection(outcome.Reasons,
            reason => Assert.Equal("record 1 (req-1): 7 feature values, but the batch names 8 features", reason),
            reason => Assert.Equal("record 2 (req-2): feature 3 is NaN, not a finite number", reason),
            reason => Assert.StartsWith("record 3 (req-3): the probabilities sum to 1.3", reason),
            reason => Assert.Equal("record 4 (req-4): model fashion/99 is not registered", reason),
            reason => Assert.Equal("record 5 (req-5): predicted_label 10 is outside the model's 10 classes", reason));
        var open = Assert.Single(stack.Monitor.ListWindows(DriftStack.ModelName, DriftStack.ModelVersion, 10));
        Assert.Equal(2, open.RecordCount);
        Assert.False(open.Closed);
    }

    [Fact]
    public async Task Records_without_a_model_or_with_the_wrong_number_of_probabilities_are_rejected()
    {
        using var stack = new DriftStack();
        var batch = new RecordBatch();
        batch.Records.Add(new PredictionRecord { ModelName = "", ModelVersion = 1 });
        var wrongClasses = new PredictionRecord { ModelName = DriftStack.ModelName, ModelVersion = DriftStack.ModelVersion };
        wrongClasses.Probabilities.AddRange([0.5f, 0.5f]);
        batch.Records.Add(wrongClasses);

        var outcome = await stack.Monitor.RecordAsync(batch.ToDomain(), CancellationToken.None);

        Assert.Equal(0, outcome.Accepted);
        Assert.Contains("names no model version", outcome.Reasons[0]);
        Assert.Contains("2 probabilities, but the model has 10 classes", outcome.Reasons[1]);
        Assert.Equal(0, outcome.UnknownModel);
    }

    [Fact]
    public async Task Records_that_bring_their_models_lineage_are_monitored_without_asking_the_registry()
    {
        using var stack = new DriftStack();
        using var classifier = DriftStack.Classifier();
        // Version 2 is unknown to the stack's reference source (the registry's stand-in): alone, its records are refused.
        var batch = TrafficGenerator.Batch(classifier, FashionMnistSample.Test, [0, 1, 2], DriftStack.ModelName, 2).ToDomain();
        Assert.Equal(3, (await stack.Monitor.RecordAsync(batch, CancellationToken.None)).UnknownModel);

        var lineage = stack.Model with { Key = new ModelKey(DriftStack.ModelName, 2), RunId = "run-7" };
        var outcome = await stack.Monitor.RecordAsync(batch with { Models = [lineage] }, CancellationToken.None);

        Assert.Equal((3, 0), (outcome.Accepted, outcome.Rejected));
        var open = Assert.Single(stack.Monitor.ListWindows(DriftStack.ModelName, 2, 10));
        Assert.Equal(3, open.RecordCount);
    }
}
