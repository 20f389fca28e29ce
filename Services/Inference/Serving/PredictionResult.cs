namespace Mlops.Inference.Serving;

/// <summary>The answer for one image, and the model version that gave it.</summary>
public sealed record PredictionResult(
    string ModelName,
    int ModelVersion,
    int Label,
    string ClassName,
    float[] Probabilities,
    bool Cached);
