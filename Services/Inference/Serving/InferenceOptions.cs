namespace Mlops.Inference.Serving;

/// <summary>Which models this process serves, from which alias, and how many threads one ONNX Runtime run uses.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";
    public const string DefaultModel = "fashion";
    public const string DefaultAlias = "production";

    /// <summary>Model names to serve; the first is the one an empty model name means. Empty or unset: "fashion".</summary>
    public string[]? Models { get; set; }

    public string Alias { get; set; } = DefaultAlias;

    public int IntraOpThreads { get; set; } = 1;

    public IReadOnlyList<string> ModelNames => Models is { Length: > 0 } names ? names : [DefaultModel];

    public string DefaultModelName => ModelNames[0];
}
