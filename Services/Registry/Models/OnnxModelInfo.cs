using Mlops.Registry.Model;
using Mlops.Scoring;

namespace Mlops.Registry.Models;

/// <summary>What ONNX Runtime reports about a model file: its real signature and the class names in its metadata (null when absent).</summary>
public sealed record OnnxModelInfo(TensorSignature Signature, IReadOnlyList<string>? ClassNames)
{
    /// <summary>The output that carries the class scores: "probabilities" when there is one, otherwise the first output.</summary>
    public TensorDescription ScoresOutput =>
        Signature.Outputs.FirstOrDefault(output => output.Name == OnnxModelInspector.ProbabilitiesOutput) ?? Signature.Outputs[0];
}
