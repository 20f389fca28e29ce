namespace Mlops.Drift.References;

/// <summary>
/// What live windows are compared with: samples of each image statistic on the dataset's test split, and the model's own
/// outputs on that split (one sample of softmax values per class, and how often it predicts each class).
/// </summary>
public sealed record DriftReference
{
    public required string ModelName { get; init; }

    public required int ModelVersion { get; init; }

    /// <summary>The dataset version whose test split this reference was built from.</summary>
    public required string DatasetVersionId { get; init; }

    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Image statistic name → reference values.</summary>
    public required IReadOnlyDictionary<string, double[]> Features { get; init; }

    /// <summary>Per class, the softmax output for that class on every reference image.</summary>
    public required IReadOnlyList<double[]> Outputs { get; init; }

    public required long[] PredictedCounts { get; init; }

    /// <summary>Accuracy of the model on the reference images.</summary>
    public required double Accuracy { get; init; }

    public required int Samples { get; init; }

    public required DateTimeOffset BuiltAt { get; init; }
}
