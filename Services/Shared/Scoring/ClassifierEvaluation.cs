using System.Diagnostics;

namespace Mlops.Scoring;

/// <summary>Accuracy, per-class accuracy, confusion matrix and latency of a classifier on labelled images.</summary>
public sealed record ClassifierEvaluation(
    long Samples,
    double Accuracy,
    IReadOnlyList<double> PerClassAccuracy,
    long[] ConfusionMatrix,
    double MillisecondsPerImage)
{
    /// <summary>Scores batches of (pixels as bytes, one label byte per image) and tallies the answers.</summary>
    public static async Task<ClassifierEvaluation> RunAsync(
        OnnxClassifier classifier,
        IAsyncEnumerable<(byte[] Pixels, byte[] Labels)> batches,
        CancellationToken cancellationToken = default)
    {
        var classes = classifier.ClassCount;
        var confusion = new long[classes * classes];
        var elapsed = new Stopwatch();
        long samples = 0;
        await foreach (var (pixels, labels) in batches.WithCancellation(cancellationToken))
        {
            var count = labels.Length;
            var probabilities = new float[count * classes];
            elapsed.Start();
            classifier.Predict(pixels, count, probabilities);
            elapsed.Stop();
            for (var index = 0; index < count; index++)
            {
                var label = labels[index];
                if (label >= classes)
                {
                    throw new InvalidModelException($"Label {label} is outside the model's {classes} classes.");
                }

                var predicted = Softmax.ArgMax(probabilities.AsSpan(index * classes, classes));
                confusion[label * classes + predicted]++;
            }

            samples += count;
        }

        var correct = Enumerable.Range(0, classes).Sum(label => confusion[label * classes + label]);
        var perClass = Enumerable.Range(0, classes).Select(label =>
        {
            var total = Enumerable.Range(0, classes).Sum(predicted => confusion[label * classes + predicted]);
            return total == 0 ? double.NaN : (double)confusion[label * classes + label] / total;
        }).ToList();
        return new ClassifierEvaluation(
            samples,
            samples == 0 ? double.NaN : (double)correct / samples,
            perClass,
            confusion,
            samples == 0 ? double.NaN : elapsed.Elapsed.TotalMilliseconds / samples);
    }
}
