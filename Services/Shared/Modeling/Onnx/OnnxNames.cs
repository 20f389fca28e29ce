namespace Mlops.Modeling.Onnx;

/// <summary>The names the exported graph uses, which servers and verifiers look up.</summary>
public static class OnnxNames
{
    public const string Input = "input";
    public const string Logits = "logits";
    public const string Probabilities = "probabilities";
    public const string BatchDimension = "batch";

    public const string ClassNamesKey = "class_names";
    public const string PreprocessingKey = "preprocessing";
    public const string InputShapeKey = "input_shape";
    public const string ArchitectureKey = "architecture";
}
