using System.Text.Json;
using Google.Protobuf;
using Onnx;
using static Mlops.TestSupport.OnnxGraph;

namespace Mlops.TestSupport;

/// <summary>
/// A small but real ONNX image classifier, built without a training framework: a linear layer whose class weights are the
/// class-mean images (w_c = mean_c, b_c = -|mean_c|^2 / 2 on pixels scaled x/255), so its argmax is the nearest class
/// centroid. Graph: input "input" FP32[batch,1,H,W] → Flatten → Gemm (transB=1) → Softmax → "probabilities" FP32[batch,classes];
/// class names in metadata "class_names" (JSON array); IR version 8, opset 17. On Fashion-MNIST it scores about 0.68.
/// <see cref="WithNoise"/> and <see cref="WithShuffledClasses"/> make deliberately worse models for refusal tests.
/// </summary>
public sealed class CentroidClassifierOnnx
{
    /// <summary>The graph's input name.</summary>
    public const string InputName = "input";

    /// <summary>The graph's output name.</summary>
    public const string OutputName = "probabilities";

    /// <summary>The metadata key holding the class names.</summary>
    public const string ClassNamesKey = "class_names";

    private readonly float[] weights;
    private readonly float[] bias;

    private CentroidClassifierOnnx(int height, int width, IReadOnlyList<string> classNames, float[] weights, float[] bias)
    {
        Height = height;
        Width = width;
        ClassNames = classNames;
        this.weights = weights;
        this.bias = bias;
    }

    /// <summary>Image rows.</summary>
    public int Height { get; }

    /// <summary>Image columns.</summary>
    public int Width { get; }

    /// <summary>Class names in label order (one per output).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    private int Features => Height * Width;

    /// <summary>Fits the class means of <paramref name="training"/> (every class needs at least one image).</summary>
    public static CentroidClassifierOnnx Fit(LabeledImages training, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(classNames);
        var classes = classNames.Count;
        var features = training.PixelsPerImage;
        var sums = new double[classes * features];
        var counts = new int[classes];
        for (var i = 0; i < training.Count; i++)
        {
            var label = training.Labels[i];
            if (label >= classes)
            {
                throw new ArgumentException($"Image {i} has label {label}, but there are only {classes} class names.");
            }

            counts[label]++;
            var image = training.Image(i);
            for (var f = 0; f < features; f++)
            {
                sums[(label * features) + f] += image[f] / 255.0;
            }
        }

        var weights = new float[classes * features];
        for (var c = 0; c < classes; c++)
        {
            if (counts[c] == 0)
            {
                throw new ArgumentException($"No training image of class {c} ({classNames[c]}).");
            }

            for (var f = 0; f < features; f++)
            {
                weights[(c * features) + f] = (float)(sums[(c * features) + f] / counts[c]);
            }
        }

        return new CentroidClassifierOnnx(training.Height, training.Width, classNames, weights, BiasFor(weights, classes, features));
    }

    /// <summary>A worse copy: Gaussian noise of <paramref name="standardDeviation"/> added to every weight (the bias is kept).</summary>
    public CentroidClassifierOnnx WithNoise(double standardDeviation, int seed)
    {
        var random = new Random(seed);
        var noisy = weights.Select(weight =>
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return (float)(weight + (standardDeviation * gaussian));
        }).ToArray();
        return new CentroidClassifierOnnx(Height, Width, ClassNames, noisy, bias);
    }

    /// <summary>A much worse copy: the class rows rotated by one, so each class scores with its neighbour's centroid.</summary>
    public CentroidClassifierOnnx WithShuffledClasses()
    {
        var classes = ClassNames.Count;
        var rotated = new float[weights.Length];
        for (var c = 0; c < classes; c++)
        {
            weights.AsSpan(((c + 1) % classes) * Features, Features).CopyTo(rotated.AsSpan(c * Features, Features));
        }

        return new CentroidClassifierOnnx(Height, Width, ClassNames, rotated, BiasFor(rotated, classes, Features));
    }

    /// <summary>The predicted class of one image, computed in plain C# (the ONNX graph computes the same).</summary>
    public int Predict(ReadOnlySpan<byte> image)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < ClassNames.Count; c++)
        {
            double score = bias[c];
            for (var f = 0; f < Features; f++)
            {
                score += weights[(c * Features) + f] * (image[f] / 255.0);
            }

            if (score > bestScore)
            {
                (best, bestScore) = (c, score);
            }
        }

        return best;
    }

    /// <summary>The serialized ONNX model.</summary>
    public byte[] ToOnnx(string modelName = "centroid") => ToModelProto(modelName).ToByteArray();

    /// <summary>The ONNX model as OnnxSharp's protobuf types, for tests that want to alter it.</summary>
    public ModelProto ToModelProto(string modelName = "centroid")
    {
        var classes = ClassNames.Count;
        var graph = new GraphProto { Name = modelName };
        graph.Input.Add(Value(InputName, [null, 1, Height, Width]));
        graph.Output.Add(Value(OutputName, [null, classes]));
        graph.Initializer.Add(Tensor("fc.weight", [classes, Features], weights));
        graph.Initializer.Add(Tensor("fc.bias", [classes], bias));
        graph.Node.Add(Node("Flatten", [InputName], ["flat"], Int("axis", 1)));
        graph.Node.Add(Node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], Int("transB", 1)));
        graph.Node.Add(Node("Softmax", ["logits"], [OutputName], Int("axis", 1)));

        var model = new ModelProto { IrVersion = 8, ProducerName = "Mlops.TestSupport", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = ClassNamesKey, Value = JsonSerializer.Serialize(ClassNames) });
        return model;
    }

    private static float[] BiasFor(float[] weights, int classes, int features)
    {
        var bias = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            double squared = 0;
            for (var f = 0; f < features; f++)
            {
                squared += (double)weights[(c * features) + f] * weights[(c * features) + f];
            }

            bias[c] = (float)(-squared / 2);
        }

        return bias;
    }
}
