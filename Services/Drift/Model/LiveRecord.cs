namespace Mlops.Drift.Model;

/// <summary>One accepted prediction: image statistics by name, the class probabilities and the predicted class.</summary>
public sealed record LiveRecord(DateTimeOffset Timestamp, IReadOnlyDictionary<string, double> Features, float[] Probabilities, int PredictedLabel);
