using System.Text.Json;
using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Modeling.Onnx;

/// <summary>
/// Writes a <see cref="CnnModel"/> as an ONNX graph built from its weights (TorchSharp has no exporter):
/// per conv block Conv, Relu, MaxPool (and a residual unit: Conv, Relu, Conv, Add, Relu); then Flatten,
/// Gemm (transB=1), Relu, Gemm to "logits" and Softmax to "probabilities". Batch norm is folded into the
/// Conv before it (at inference it is a per-channel affine map); dropout is left out (the identity at inference).
/// IR version 8, opset 17, the batch dimension symbolic ("batch").
/// </summary>
public static class OnnxExporter
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 17;

    public static void Export(CnnModel model, OnnxExportInfo info, Stream destination) =>
        Build(model, info).WriteTo(destination);

    public static byte[] Export(CnnModel model, OnnxExportInfo info) => Build(model, info).ToByteArray();

    public static ModelProto Build(CnnModel model, OnnxExportInfo info)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        var config = model.Config;
        if (info.ClassNames.Count != config.ClassCount)
        {
            throw new ArgumentException($"{info.ClassNames.Count} class names for {config.ClassCount} classes.");
        }

        var graph = new GraphProto { Name = info.ModelName };
        graph.Input.Add(TensorValue(OnnxNames.Input,
            [null, config.InputChannels, config.InputHeight, config.InputWidth]));
        var x = OnnxNames.Input;
        var convs = model.ConvLayers;
        for (var i = 0; i < convs.Count; i++)
        {
            var norm = config.BatchNorm ? model.NormLayers[i] : null;
            x = AddConv(graph, convs[i], norm, $"conv{i}", x, config.KernelSize);
            graph.Node.Add(Node("MaxPool", [x], [$"conv{i}_pool"], $"conv{i}_pool",
                Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
            x = $"conv{i}_pool";
            if (config.Residual)
            {
                x = AddResidualUnit(graph, model.ResidualUnits[i], $"res{i}", x, config.KernelSize);
            }
        }

        graph.Node.Add(Node("Flatten", [x], ["flat"], "flatten", Int("axis", 1)));
        x = AddGemm(graph, model.Hidden, "fc_hidden", "flat", "fc_hidden_out");
        graph.Node.Add(Node("Relu", [x], ["fc_hidden_relu"], "fc_hidden_relu"));
        AddGemm(graph, model.Output, "fc_out", "fc_hidden_relu", OnnxNames.Logits);
        graph.Node.Add(Node("Softmax", [OnnxNames.Logits], [OnnxNames.Probabilities], "softmax", Int("axis", 1)));
        graph.Output.Add(TensorValue(OnnxNames.Logits, [null, config.ClassCount]));
        graph.Output.Add(TensorValue(OnnxNames.Probabilities, [null, config.ClassCount]));

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Mlops.Modeling",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            ModelVersion = info.ModelVersion,
            DocString = info.Description,
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var (key, value) in Metadata(config, info))
        {
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return proto;
    }

    private static IEnumerable<KeyValuePair<string, string>> Metadata(CnnConfig config, OnnxExportInfo info)
    {
        yield return new(OnnxNames.ClassNamesKey, JsonSerializer.Serialize(info.ClassNames));
        yield return new(OnnxNames.PreprocessingKey, PixelScaling.Description);
        yield return new(OnnxNames.InputShapeKey, JsonSerializer.Serialize(
            new[] { config.InputChannels, config.InputHeight, config.InputWidth }));
        yield return new(OnnxNames.ArchitectureKey, config.ToString());
        foreach (var entry in info.Metadata)
        {
            yield return entry;
        }
    }

    /// <summary>Conv (with the batch norm folded in) and, unless <paramref name="relu"/> is false, Relu; returns the last output.</summary>
    private static string AddConv(GraphProto graph, Conv2d conv, BatchNorm2d? norm, string name, string input, int kernel, bool relu = true)
    {
        var pad = kernel / 2;
        var (weight, bias) = BatchNormFolding.Fold(conv, norm);
        using (weight)
        using (bias)
        {
            graph.Initializer.Add(Initializer($"{name}.weight", weight));
            graph.Initializer.Add(Initializer($"{name}.bias", bias));
        }
        graph.Node.Add(Node("Conv", [input, $"{name}.weight", $"{name}.bias"], [$"{name}_out"], name,
            Ints("kernel_shape", kernel, kernel), Ints("pads", pad, pad, pad, pad), Ints("strides", 1, 1)));
        if (!relu)
        {
            return $"{name}_out";
        }

        graph.Node.Add(Node("Relu", [$"{name}_out"], [$"{name}_relu"], $"{name}_relu"));
        return $"{name}_relu";
    }

    private static string AddResidualUnit(GraphProto graph, ResidualUnit unit, string name, string input, int kernel)
    {
        var y = AddConv(graph, unit.First.Conv, unit.First.Norm, $"{name}_a", input, kernel);
        y = AddConv(graph, unit.Second.Conv, unit.Second.Norm, $"{name}_b", y, kernel, relu: false);
        graph.Node.Add(Node("Add", [input, y], [$"{name}_sum"], $"{name}_add"));
        graph.Node.Add(Node("Relu", [$"{name}_sum"], [$"{name}_relu"], $"{name}_relu"));
        return $"{name}_relu";
    }

    private static string AddGemm(GraphProto graph, Linear linear, string name, string input, string output)
    {
        graph.Initializer.Add(Initializer($"{name}.weight", linear.weight));
        graph.Initializer.Add(Initializer($"{name}.bias", linear.bias!));
        graph.Node.Add(Node("Gemm", [input, $"{name}.weight", $"{name}.bias"], [output], name, Int("transB", 1)));
        return output;
    }

    private static TensorProto Initializer(string name, Tensor weights)
    {
        using var values = weights.detach().contiguous().to_type(ScalarType.Float32);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(weights.shape);
        // ONNX raw_data is little-endian, like every platform .NET runs TorchSharp on.
        proto.RawData = ByteString.CopyFrom(values.bytes);
        return proto;
    }

    private static ValueInfoProto TensorValue(string name, int?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is { } value
                ? new TensorShapeProto.Types.Dimension { DimValue = value }
                : new TensorShapeProto.Types.Dimension { DimParam = OnnxNames.BatchDimension });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, string name, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
