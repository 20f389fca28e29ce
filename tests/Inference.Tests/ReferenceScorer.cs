using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mlops.Inference.Tests;

/// <summary>ONNX Runtime called directly on an ONNX file, as the yardstick the service's answers are compared with.</summary>
public sealed class ReferenceScorer : IDisposable
{
    private readonly InferenceSession session;

    public ReferenceScorer(byte[] onnx) => session = new InferenceSession(onnx);

    /// <summary>The probabilities output for one grey 28x28 byte image, scaled x/255 as the platform does.</summary>
    public float[] Probabilities(ReadOnlySpan<byte> image)
    {
        var input = new DenseTensor<float>([1, 1, 28, 28]);
        for (var index = 0; index < image.Length; index++)
        {
            input.Buffer.Span[index] = image[index] / 255f;
        }

        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return results.Single(result => result.Name == "probabilities").AsEnumerable<float>().ToArray();
    }

    public void Dispose() => session.Dispose();
}
