namespace Mlops.Inference.Serving;

/// <summary>
/// A served model version and where it came from (the dataset version it was trained on, its training run), as the
/// registry told it; sent with the prediction records so the drift service need not ask the registry again.
/// </summary>
public sealed record ModelLineage(
    string ModelName, int ModelVersion, string DatasetVersionId, string RunId, string OnnxSha256, IReadOnlyList<string> ClassNames);
