using Mlops.Drift.Model;
using Mlops.Imaging;
using Mlops.Scoring;

namespace Mlops.Drift.References;

/// <summary>
/// Builds a <see cref="DriftReference"/>: runs the model over its held-out test split (black-box shift detection compares the
/// live softmax outputs with these), and takes the image statistics from the dataset's profile, or computes them from the
/// same images when the source has no profile.
/// </summary>
public sealed class ReferenceBuilder(IReferenceSource source, TimeProvider clock)
{
    public async Task<DriftReference> BuildAsync(ModelDescription model, int maxSamples, int batchSize, CancellationToken cancellationToken)
    {
        var onnx = await source.DownloadModelAsync(model, cancellationToken);
        using var classifier = OnnxClassifier.Load(onnx);
        if (classifier.InputShape.Channels != 1)
        {
            throw DriftException.FailedPrecondition($"Model {model.Key} takes {classifier.InputShape.Channels}-channel images; drift monitoring reads grey images.");
        }

        var profiled = await source.ImageFeatureSamplesAsync(model.DatasetVersionId, cancellationToken);
        var scored = await ScoreTestSplitAsync(classifier, model, maxSamples, batchSize, computeFeatures: profiled is null, cancellationToken);
        if (scored.Samples == 0)
        {
            throw DriftException.FailedPrecondition($"Dataset version {model.DatasetVersionId} of model {model.Key} has an empty test split; there is nothing to build a reference from.");
        }

        return new DriftReference
        {
            ModelName = model.Key.Name,
            ModelVersion = model.Key.Version,
            DatasetVersionId = model.DatasetVersionId,
            ClassNames = model.ClassNames.Count == classifier.ClassCount ? model.ClassNames : classifier.ClassNames,
            Features = profiled ?? scored.Features!,
            Outputs = scored.Outputs,
            PredictedCounts = scored.PredictedCounts,
            Accuracy = (double)scored.Correct / scored.Samples,
            Samples = scored.Samples,
            BuiltAt = clock.GetUtcNow(),
        };
    }

    private async Task<ScoredSplit> ScoreTestSplitAsync(
        OnnxClassifier classifier, ModelDescription model, int maxSamples, int batchSize, bool computeFeatures, CancellationToken cancellationToken)
    {
        var classes = classifier.ClassCount;
        var shape = classifier.InputShape;
        var outputs = Enumerable.Range(0, classes).Select(_ => new List<double>()).ToArray();
        var features = computeFeatures ? ImageFeatures.Names.Select(_ => new List<double>()).ToArray() : null;
        var predicted = new long[classes];
        int samples = 0, correct = 0;
        var featureValues = new double[ImageFeatures.Count];
        await foreach (var batch in source.ReadTestSplitAsync(model.DatasetVersionId, maxSamples, batchSize, cancellationToken))
        {
            var count = batch.Labels.Length;
            if (count == 0)
            {
                continue;
            }

            if (batch.Pixels.Length != count * shape.PixelCount)
            {
                throw DriftException.FailedPrecondition(
                    $"The test split of {model.DatasetVersionId} has images of {batch.Pixels.Length / count} pixels; model {model.Key} takes {shape}.");
            }

            var probabilities = new float[count * classes];
            classifier.Predict(batch.Pixels, count, probabilities);
            for (var i = 0; i < count; i++)
            {
                var row = probabilities.AsSpan(i * classes, classes);
                var best = 0;
                for (var c = 0; c < classes; c++)
                {
                    outputs[c].Add(row[c]);
                    best = row[c] > row[best] ? c : best;
                }

                predicted[best]++;
                correct += best == batch.Labels[i] ? 1 : 0;
                if (features is not null)
                {
                    ImageStatistics.Compute(batch.Pixels.AsSpan(i * shape.PixelCount, shape.PixelCount), shape.Height, shape.Width).CopyTo(featureValues);
                    for (var f = 0; f < features.Length; f++)
                    {
                        features[f].Add(featureValues[f]);
                    }
                }
            }

            samples += count;
        }

        return new ScoredSplit(
            samples,
            correct,
            [.. outputs.Select(column => column.ToArray())],
            predicted,
            features?.Select((column, f) => (Name: ImageFeatures.Names[f], Values: column.ToArray())).ToDictionary(pair => pair.Name, pair => pair.Values));
    }

    private sealed record ScoredSplit(int Samples, int Correct, double[][] Outputs, long[] PredictedCounts, Dictionary<string, double[]>? Features);
}
