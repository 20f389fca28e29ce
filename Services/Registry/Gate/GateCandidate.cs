using Mlops.Registry.Model;

namespace Mlops.Registry.Gate;

/// <summary>A model version and the bytes of its ONNX file, as the gate evaluates it.</summary>
public sealed record GateCandidate(RegisteredVersion Version, byte[] Onnx)
{
    public string Label => Version.Label;
}
