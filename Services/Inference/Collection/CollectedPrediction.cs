using Mlops.Imaging;
using Mlops.Inference.Serving;

namespace Mlops.Inference.Collection;

/// <summary>
/// What the drift service learns about one prediction: the input's statistics, the output, sometimes the input itself,
/// and the lineage of the model that made it (null when the collector was not told).
/// </summary>
public sealed record CollectedPrediction(
    string ModelName,
    int ModelVersion,
    DateTimeOffset Timestamp,
    ImageFeatures Features,
    float[] Probabilities,
    int PredictedLabel,
    byte[]? RawPixels,
    string RequestId,
    ModelLineage? Lineage = null);
