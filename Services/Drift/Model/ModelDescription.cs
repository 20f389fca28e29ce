namespace Mlops.Drift.Model;

/// <summary>
/// What drift monitoring needs to know about a registered model version: its lineage (the dataset version it was trained
/// on, whose test split is the reference, and its training run), its classes and its ONNX file.
/// </summary>
public sealed record ModelDescription(ModelKey Key, string DatasetVersionId, IReadOnlyList<string> ClassNames, string OnnxSha256, string RunId = "")
{
    /// <summary>Whether a sender's description says all monitoring needs, so the registry need not be asked.</summary>
    public bool IsComplete => Key.Version > 0 && Key.Name.Length > 0 && DatasetVersionId.Length > 0 && OnnxSha256.Length > 0 && ClassNames.Count > 0;
}
