namespace Mlops.Scoring;

/// <summary>A model input or output: name, element type as the Open Inference Protocol names it (FP32, UINT8, ...), shape with -1 for dynamic dimensions.</summary>
public sealed record TensorDescription(string Name, string Datatype, IReadOnlyList<long> Shape);
