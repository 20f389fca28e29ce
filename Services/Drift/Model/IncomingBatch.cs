namespace Mlops.Drift.Model;

/// <summary>
/// Prediction records as Inference sends them, before validation; features are in the order of <see cref="FeatureNames"/>.
/// <see cref="Models"/> is the lineage of the model versions the records name, as the sender had it from the registry.
/// </summary>
public sealed record IncomingBatch(IReadOnlyList<string> FeatureNames, IReadOnlyList<IncomingRecord> Records)
{
    public IReadOnlyList<ModelDescription> Models { get; init; } = [];
}

/// <summary>One prediction as sent; <see cref="Timestamp"/> is null when the sender gave none.</summary>
public sealed record IncomingRecord
{
    public string ModelName { get; init; } = "";

    public int ModelVersion { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public IReadOnlyList<double> Features { get; init; } = [];

    public IReadOnlyList<float> Probabilities { get; init; } = [];

    public int PredictedLabel { get; init; }

    public string RequestId { get; init; } = "";
}
