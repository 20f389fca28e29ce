using Google.Protobuf.WellKnownTypes;
using Mlops.Drift.V1;
using Mlops.Imaging;
using Mlops.Scoring;
using Mlops.TestSupport;

namespace Mlops.Drift.Tests;

/// <summary>Prediction records as Inference would send them: the image statistics of real images and a real ONNX model's outputs.</summary>
internal static class TrafficGenerator
{
    public static RecordBatch Batch(OnnxClassifier classifier, LabeledImages images, IReadOnlyList<int> indices, string model, int version,
        Perturbation? perturbation = null, int seed = 0)
    {
        var batch = new RecordBatch();
        batch.FeatureNames.AddRange(ImageFeatures.Names);
        var pixelsPerImage = images.PixelsPerImage;
        var pixels = new byte[indices.Count * pixelsPerImage];
        for (var i = 0; i < indices.Count; i++)
        {
            var target = pixels.AsSpan(i * pixelsPerImage, pixelsPerImage);
            if (perturbation is { } p)
            {
                p.Apply(images.Image(indices[i]), target, images.Height, images.Width, seed + indices[i]);
            }
            else
            {
                images.Image(indices[i]).CopyTo(target);
            }
        }

        var classes = classifier.ClassCount;
        var probabilities = new float[indices.Count * classes];
        classifier.Predict(pixels, indices.Count, probabilities);
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        for (var i = 0; i < indices.Count; i++)
        {
            var row = probabilities.AsSpan(i * classes, classes);
            var record = new PredictionRecord
            {
                ModelName = model,
                ModelVersion = version,
                Timestamp = now,
                PredictedLabel = Softmax.ArgMax(row),
                RequestId = $"req-{indices[i]}",
            };
            record.Features.AddRange(ImageStatistics.Compute(pixels.AsSpan(i * pixelsPerImage, pixelsPerImage), images.Height, images.Width).ToArray());
            record.Probabilities.AddRange(row.ToArray());
            batch.Records.Add(record);
        }

        return batch;
    }

    /// <summary>A shuffled order of 0..count-1.</summary>
    public static int[] Shuffled(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }
}
