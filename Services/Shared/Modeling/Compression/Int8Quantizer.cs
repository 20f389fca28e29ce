using System.Globalization;
using Google.Protobuf;
using Mlops.Modeling.Onnx;
using Onnx;

namespace Mlops.Modeling.Compression;

/// <summary>
/// Static int8 quantization of an exported classifier in ONNX's QDQ form, which ONNX Runtime fuses into its integer
/// kernels (QLinearConv, QGemm): every activation that enters a Conv, Gemm, Add, MaxPool or Flatten passes through a
/// QuantizeLinear/DequantizeLinear pair (uint8, asymmetric, its range calibrated on training images), Conv weights are
/// int8 per output channel and Gemm weights int8 per tensor (symmetric), and biases int32 at the input scale times the
/// weight scale. MaxPool and Flatten pass their input's quantization on, so ONNX Runtime can keep them in int8.
/// Inputs and outputs keep their names, shapes and float type, so a server runs the result like the fp32 model.
/// </summary>
public static class Int8Quantizer
{
    public const string PrecisionKey = "precision";
    public const string Int8Precision = "int8";
    public const string CalibrationImagesKey = "calibration_images";

    private static readonly HashSet<string> QuantizedInputsOf = ["Conv", "Gemm", "Add", "MaxPool", "Flatten"];
    private static readonly HashSet<string> RangePreserving = ["MaxPool", "Flatten"];

    /// <summary>The int8 model of <paramref name="fp32Model"/>, calibrated on <paramref name="calibration"/> (e.g. 1000 training images).</summary>
    public static byte[] Quantize(byte[] fp32Model, LabeledImages calibration, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(fp32Model);
        ArgumentNullException.ThrowIfNull(calibration);
        if (calibration.Count == 0)
        {
            throw new ArgumentException("Calibration needs at least one image.", nameof(calibration));
        }

        var model = ModelProto.Parser.ParseFrom(fp32Model);
        var tensors = ActivationsToQuantize(model.Graph);
        var ranges = ActivationCalibrator.Calibrate(model, tensors, calibration, intraOpThreads);
        var quantized = Quantize(model, ranges);
        SetMetadata(quantized, PrecisionKey, Int8Precision);
        SetMetadata(quantized, CalibrationImagesKey, calibration.Count.ToString(CultureInfo.InvariantCulture));
        return quantized.ToByteArray();
    }

    /// <summary>The activations (non-initializer tensors) that feed the operators ONNX Runtime runs in int8, in graph order.</summary>
    internal static List<string> ActivationsToQuantize(GraphProto graph)
    {
        var weights = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var node in graph.Node.Where(n => QuantizedInputsOf.Contains(n.OpType)))
        {
            var dataInputs = node.OpType == "Add" ? node.Input : node.Input.Take(1);
            result.AddRange(dataInputs.Where(i => !weights.Contains(i) && !result.Contains(i)));
        }
        return result;
    }

    private static ModelProto Quantize(ModelProto fp32, Dictionary<string, (float Min, float Max)> ranges)
    {
        var model = fp32.Clone();
        var graph = model.Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n))).ToDictionary(p => p.Output, p => p.Node);
        var parameters = new Dictionary<string, (float Scale, byte ZeroPoint)>(StringComparer.Ordinal);
        foreach (var tensor in ActivationsToQuantize(graph))
        {
            // A max-pool or a flatten only moves values: sharing its input's scale lets the runtime keep it in int8.
            parameters[tensor] = producers.TryGetValue(tensor, out var producer) && RangePreserving.Contains(producer.OpType)
                && parameters.TryGetValue(producer.Input[0], out var shared)
                    ? shared
                    : UInt8Parameters(ranges[tensor]);
        }

        var initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var nodes = new List<NodeProto>();
        foreach (var tensor in parameters.Keys.Where(t => !producers.ContainsKey(t)))
        {
            nodes.AddRange(QdqPair(graph, tensor, parameters[tensor]));
        }

        foreach (var node in graph.Node)
        {
            if (node.OpType is "Conv" or "Gemm")
            {
                nodes.AddRange(QuantizeWeights(graph, node, initializers, parameters[node.Input[0]].Scale, perChannel: node.OpType == "Conv"));
            }

            nodes.Add(node);
            foreach (var output in node.Output.Where(parameters.ContainsKey))
            {
                nodes.AddRange(QdqPair(graph, output, parameters[output]));
            }
        }

        // Consumers read the dequantized copies; each QuantizeLinear keeps reading the float original.
        foreach (var node in nodes.Where(n => n.OpType != "QuantizeLinear"))
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (parameters.ContainsKey(node.Input[i]))
                {
                    node.Input[i] += "_dq";
                }
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        return model;
    }

    /// <summary>uint8 with the range stretched to hold 0 (ReLU outputs then get zero point 0, which lets ONNX Runtime drop the ReLU).</summary>
    private static (float Scale, byte ZeroPoint) UInt8Parameters((float Min, float Max) range)
    {
        var min = Math.Min(0f, range.Min);
        var max = Math.Max(0f, range.Max);
        var scale = max > min ? (max - min) / 255f : 1f;
        var zeroPoint = (byte)Math.Clamp(Math.Round(-min / scale), 0, 255);
        return (scale, zeroPoint);
    }

    private static IEnumerable<NodeProto> QdqPair(GraphProto graph, string tensor, (float Scale, byte ZeroPoint) parameters)
    {
        graph.Initializer.Add(FloatTensor($"{tensor}_scale", [], [parameters.Scale]));
        graph.Initializer.Add(new TensorProto
        {
            Name = $"{tensor}_zero_point",
            DataType = (int)TensorProto.Types.DataType.Uint8,
            RawData = ByteString.CopyFrom(parameters.ZeroPoint),
        });
        yield return Node("QuantizeLinear", [tensor, $"{tensor}_scale", $"{tensor}_zero_point"], $"{tensor}_q");
        yield return Node("DequantizeLinear", [$"{tensor}_q", $"{tensor}_scale", $"{tensor}_zero_point"], $"{tensor}_dq");
    }

    /// <summary>
    /// Replaces the node's weight (input 1) and bias (input 2) initializers with int8 / int32 ones and DequantizeLinear
    /// nodes: symmetric weights (zero point 0) per output channel (axis 0) or per tensor; bias scale = input scale × weight scale.
    /// </summary>
    private static IEnumerable<NodeProto> QuantizeWeights(GraphProto graph, NodeProto node, Dictionary<string, TensorProto> initializers,
        float inputScale, bool perChannel)
    {
        var weight = initializers[node.Input[1]];
        var values = Floats(weight);
        var outputs = (int)weight.Dims[0];
        var perOutput = values.Length / outputs;
        var groups = perChannel ? outputs : 1;
        var scales = new float[groups];
        for (var g = 0; g < groups; g++)
        {
            var span = perChannel ? values.AsSpan(g * perOutput, perOutput) : values.AsSpan();
            var largest = 0f;
            foreach (var v in span)
            {
                largest = Math.Max(largest, Math.Abs(v));
            }
            scales[g] = largest > 0 ? largest / 127f : 1f;
        }

        var quantized = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            quantized[i] = (byte)(sbyte)Math.Clamp(Math.Round(values[i] / scales[perChannel ? i / perOutput : 0]), -127, 127);
        }

        long[] scaleDims = perChannel ? [groups] : [];
        var name = node.Input[1];
        graph.Initializer.Remove(weight);
        var weightInt8 = new TensorProto { Name = $"{name}_int8", DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(quantized) };
        weightInt8.Dims.AddRange(weight.Dims);
        graph.Initializer.Add(weightInt8);
        graph.Initializer.Add(FloatTensor($"{name}_scale", scaleDims, scales));
        graph.Initializer.Add(IntegerZeros($"{name}_zero_point", TensorProto.Types.DataType.Int8, scaleDims, groups));
        var weightNode = Node("DequantizeLinear", [$"{name}_int8", $"{name}_scale", $"{name}_zero_point"], $"{name}_dequantized");
        if (perChannel)
        {
            weightNode.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        }

        node.Input[1] = $"{name}_dequantized";
        yield return weightNode;

        if (node.Input.Count < 3 || !initializers.TryGetValue(node.Input[2], out var bias))
        {
            yield break;
        }

        var biasValues = Floats(bias);
        var biasScales = Enumerable.Range(0, perChannel ? biasValues.Length : 1).Select(c => inputScale * scales[perChannel ? c : 0]).ToArray();
        var biasInt32 = new byte[biasValues.Length * sizeof(int)];
        for (var c = 0; c < biasValues.Length; c++)
        {
            var q = (int)Math.Clamp(Math.Round(biasValues[c] / biasScales[perChannel ? c : 0]), int.MinValue + 1, int.MaxValue);
            BitConverter.TryWriteBytes(biasInt32.AsSpan(c * sizeof(int)), q);
        }

        var biasName = node.Input[2];
        graph.Initializer.Remove(bias);
        var biasTensor = new TensorProto { Name = $"{biasName}_int32", DataType = (int)TensorProto.Types.DataType.Int32, RawData = ByteString.CopyFrom(biasInt32) };
        biasTensor.Dims.AddRange(bias.Dims);
        graph.Initializer.Add(biasTensor);
        graph.Initializer.Add(FloatTensor($"{biasName}_scale", scaleDims, biasScales));
        graph.Initializer.Add(IntegerZeros($"{biasName}_zero_point", TensorProto.Types.DataType.Int32, scaleDims, perChannel ? biasValues.Length : 1));
        var biasNode = Node("DequantizeLinear", [$"{biasName}_int32", $"{biasName}_scale", $"{biasName}_zero_point"], $"{biasName}_dequantized");
        if (perChannel)
        {
            biasNode.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        }

        node.Input[2] = $"{biasName}_dequantized";
        yield return biasNode;
    }

    private static float[] Floats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new ArgumentException($"Initializer {tensor.Name} is not float32.");
        }

        return tensor.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];
    }

    private static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())),
        };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static TensorProto IntegerZeros(string name, TensorProto.Types.DataType type, long[] dims, int count)
    {
        var bytes = type == TensorProto.Types.DataType.Int32 ? count * sizeof(int) : count;
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(new byte[bytes]) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    internal static void SetMetadata(ModelProto model, string key, string value)
    {
        var existing = model.MetadataProps.FirstOrDefault(p => p.Key == key);
        if (existing is not null)
        {
            existing.Value = value;
        }
        else
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
    }
}
