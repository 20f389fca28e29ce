using Mlops.Drift.Model;
using Mlops.Drift.References;
using Mlops.Drift.Windows;

namespace Mlops.Drift.Tests;

/// <summary>A small reference and window with values chosen so their test results can be worked out by hand.</summary>
internal static class HandBuiltWindow
{
    public static readonly ModelKey Model = new("hand", 1);
    public static readonly string[] Classes = ["a", "b", "c"];

    public static DriftReference Reference(double[] feature, long[] predictedCounts) => new()
    {
        ModelName = Model.Name,
        ModelVersion = Model.Version,
        DatasetVersionId = "hand-v1",
        ClassNames = Classes,
        Features = new Dictionary<string, double[]> { ["x"] = feature },
        Outputs = [.. Classes.Select((_, c) => Enumerable.Range(0, 60).Select(i => (i + c) / 200.0).ToArray())],
        PredictedCounts = predictedCounts,
        Accuracy = 0.9,
        Samples = 100,
        BuiltAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>One record per value of <paramref name="feature"/>; the predicted labels repeat <paramref name="labels"/>.</summary>
    public static LiveWindow Window(double[] feature, int[] labels)
    {
        var window = new LiveWindow("w1", Model, Classes.Length, DateTimeOffset.UnixEpoch);
        for (var i = 0; i < Math.Max(feature.Length, labels.Length); i++)
        {
            var label = labels[i % labels.Length];
            var probabilities = new float[Classes.Length];
            probabilities[label] = 0.8f;
            probabilities[(label + 1) % Classes.Length] = 0.2f;
            var features = i < feature.Length ? new Dictionary<string, double> { ["x"] = feature[i] } : [];
            window.Add(new LiveRecord(DateTimeOffset.UnixEpoch, features, probabilities, label));
        }

        window.Close(DateTimeOffset.UnixEpoch.AddMinutes(1));
        return window;
    }
}
