using Mlops.Registry.V1;

namespace Mlops.Registry.Gate;

/// <summary>A model version and the bytes of its ONNX file, as the gate evaluates it.</summary>
public sealed record GateCandidate(ModelVersion Version, byte[] Onnx)
{
    public string Label => $"{Version.ModelName}/{Version.Version}";
}
