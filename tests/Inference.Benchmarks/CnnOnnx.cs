using System.Text.Json;
using Google.Protobuf;
using Onnx;
using static Mlops.TestSupport.OnnxGraph;

namespace Mlops.Inference.Benchmarks;

/// <summary>
/// The default CNN's graph (conv32-conv64-fc128, 3x3 "same" convolutions, ReLU, 2x2 max-pooling, softmax) with seeded random
/// weights: the same operators and tensor sizes as the trained model, so the same cost, without a training framework.
/// </summary>
public static class CnnOnnx
{
    public static byte[] Build(int seed = 1)
    {
        var random = new Random(seed);
        var graph = new GraphProto { Name = "cnn" };
        graph.Input.Add(Value("input", [null, 1, 28, 28]));
        graph.Output.Add(Value("probabilities", [null, 10]));
        Conv(graph, random, "conv1", "input", "c1", 1, 32);
        graph.Node.Add(Node("Relu", ["c1"], ["r1"]));
        graph.Node.Add(Node("MaxPool", ["r1"], ["p1"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
        Conv(graph, random, "conv2", "p1", "c2", 32, 64);
        graph.Node.Add(Node("Relu", ["c2"], ["r2"]));
        graph.Node.Add(Node("MaxPool", ["r2"], ["p2"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
        graph.Node.Add(Node("Flatten", ["p2"], ["flat"], Int("axis", 1)));
        Dense(graph, random, "fc1", "flat", "h", 64 * 7 * 7, 128);
        graph.Node.Add(Node("Relu", ["h"], ["hr"]));
        Dense(graph, random, "fc2", "hr", "logits", 128, 10);
        graph.Node.Add(Node("Softmax", ["logits"], ["probabilities"], Int("axis", 1)));
        var model = new ModelProto { IrVersion = 8, ProducerName = "Mlops.Inference.Benchmarks", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "class_names", Value = JsonSerializer.Serialize(Imaging.FashionMnist.ClassNames) });
        return model.ToByteArray();
    }

    private static void Conv(GraphProto graph, Random random, string name, string input, string output, int inChannels, int outChannels)
    {
        graph.Initializer.Add(Tensor($"{name}.weight", [outChannels, inChannels, 3, 3], Values(random, outChannels * inChannels * 9, Math.Sqrt(2.0 / (inChannels * 9)))));
        graph.Initializer.Add(Tensor($"{name}.bias", [outChannels], new float[outChannels]));
        graph.Node.Add(Node("Conv", [input, $"{name}.weight", $"{name}.bias"], [output], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1)));
    }

    private static void Dense(GraphProto graph, Random random, string name, string input, string output, int inputs, int outputs)
    {
        graph.Initializer.Add(Tensor($"{name}.weight", [outputs, inputs], Values(random, outputs * inputs, Math.Sqrt(2.0 / inputs))));
        graph.Initializer.Add(Tensor($"{name}.bias", [outputs], new float[outputs]));
        graph.Node.Add(Node("Gemm", [input, $"{name}.weight", $"{name}.bias"], [output], Int("transB", 1)));
    }

    private static float[] Values(Random random, int count, double scale) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
}
