using System.Text.Json;
using Google.Protobuf;
using Onnx;
using static Mlops.TestSupport.OnnxGraph;

namespace Mlops.Scoring.Tests;

/// <summary>
/// A hand-written linear classifier over 2x2 grey images, logits = W x + b, as an ONNX graph ending in Softmax
/// ("probabilities") or in raw logits (named "logits"), so expected outputs can be computed by hand.
/// </summary>
public static class LinearModel
{
    public static readonly float[] Weights =
    [
        1.0f, -1.0f, 0.5f, 0.0f,
        -0.5f, 2.0f, 0.0f, 1.0f,
        0.25f, 0.25f, 0.25f, 0.25f,
    ];

    public static readonly float[] Bias = [0.1f, -0.2f, 0.0f];

    public static string[] ClassNames { get; } = ["left", "right", "flat"];

    public static byte[] Onnx(bool softmax, bool withClassNames = true, int inputRank = 4)
    {
        var graph = new GraphProto { Name = "linear" };
        graph.Input.Add(Value("input", inputRank == 4 ? [null, 1, 2, 2] : [null, 4]));
        graph.Output.Add(Value(softmax ? "probabilities" : "logits", [null, 3]));
        graph.Initializer.Add(Tensor("w", [3, 4], Weights));
        graph.Initializer.Add(Tensor("b", [3], Bias));
        graph.Node.Add(Node("Flatten", ["input"], ["flat"], new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        graph.Node.Add(Node("Gemm", ["flat", "w", "b"], [softmax ? "z" : "logits"], new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        if (softmax)
        {
            graph.Node.Add(Node("Softmax", ["z"], ["probabilities"], new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        }

        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        if (withClassNames)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = "class_names", Value = JsonSerializer.Serialize(ClassNames) });
        }

        return model.ToByteArray();
    }

    /// <summary>softmax(W x + b) in double precision.</summary>
    public static double[] Expected(ReadOnlySpan<float> pixels)
    {
        var logits = new double[3];
        for (var c = 0; c < 3; c++)
        {
            logits[c] = Bias[c];
            for (var f = 0; f < 4; f++)
            {
                logits[c] += Weights[(c * 4) + f] * pixels[f];
            }
        }

        var max = logits.Max();
        var exp = logits.Select(value => Math.Exp(value - max)).ToArray();
        return exp.Select(value => value / exp.Sum()).ToArray();
    }
}
