namespace Mlops.Drift.Model;

/// <summary>What drift monitoring needs to know about a registered model version.</summary>
public sealed record ModelDescription(ModelKey Key, string DatasetVersion, IReadOnlyList<string> ClassNames, string OnnxSha256);
