namespace Mlops.Modeling.Onnx;

/// <summary>What the exported model says about itself, besides its weights.</summary>
public sealed record OnnxExportInfo(IReadOnlyList<string> ClassNames)
{
    public string ModelName { get; init; } = "fashion-cnn";

    public long ModelVersion { get; init; } = 1;

    public string Description { get; init; } = "";

    /// <summary>More metadata_props entries (e.g. dataset version, run id, metrics).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
