using Mlops.Imaging;

namespace Mlops.Inference.Collection;

/// <summary>What the drift service learns about one prediction: the input's statistics, the output, and sometimes the input itself.</summary>
public sealed record CollectedPrediction(
    string ModelName,
    int ModelVersion,
    DateTimeOffset Timestamp,
    ImageFeatures Features,
    float[] Probabilities,
    int PredictedLabel,
    byte[]? RawPixels,
    string RequestId);
