using Microsoft.ML.OnnxRuntime;
using Mlops.Modeling.Compression;
using Mlops.Modeling.Onnx;
using Onnx;

namespace Mlops.Modeling.Tests;

[Collection(TrainedModelCollection.Name)]
public class Int8QuantizationTests(TrainedModelFixture trained)
{
    private static readonly LabeledImages Calibration = SmallRuns.Train.Take(500);

    private static byte[] Export(CnnModel model) => OnnxExporter.Export(model, new OnnxExportInfo(FashionMnist.ClassNames));

    [Fact]
    public void Int8_model_runs_in_Onnx_Runtime_and_agrees_with_fp32_within_a_point_of_accuracy()
    {
        var fp32 = Export(trained.Model);

        var int8 = Int8Quantizer.Quantize(fp32, Calibration);

        using var fp32Runner = new OnnxRunner(fp32);
        using var int8Runner = new OnnxRunner(int8);
        var test = SmallRuns.Test;
        var fp32Accuracy = fp32Runner.Accuracy(test);
        var int8Accuracy = int8Runner.Accuracy(test);
        Assert.InRange(int8Accuracy, fp32Accuracy - 0.01, fp32Accuracy + 0.01);
        var fp32Predictions = fp32Runner.Predict(test);
        var int8Predictions = int8Runner.Predict(test);
        var agreement = fp32Predictions.Zip(int8Predictions).Count(p => p.First == p.Second) / (double)test.Count;
        Assert.True(agreement >= 0.97, $"int8 and fp32 predict the same class for {agreement:P1} of the test images");
        AssertLogitsClose(fp32Runner.Logits(test, 0, 100), int8Runner.Logits(test, 0, 100));
    }

    [Fact]
    public void Int8_model_holds_int8_weights_behind_QDQ_nodes_keeps_the_signature_and_is_smaller()
    {
        var fp32 = Export(trained.Model);

        var int8 = Int8Quantizer.Quantize(fp32, Calibration);

        var graph = ModelProto.Parser.ParseFrom(int8).Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        foreach (var node in graph.Node.Where(n => n.OpType is "Conv" or "Gemm"))
        {
            var weightSource = graph.Node.Single(n => n.Output.Contains(node.Input[1]));
            Assert.Equal("DequantizeLinear", weightSource.OpType);
            Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[weightSource.Input[0]].DataType);
            var dataSource = graph.Node.Single(n => n.Output.Contains(node.Input[0]));
            Assert.Equal("DequantizeLinear", dataSource.OpType);
        }
        Assert.DoesNotContain(graph.Initializer, i => i.DataType == (int)TensorProto.Types.DataType.Float && i.Dims.Count > 1);
        Assert.True(int8.Length < fp32.Length * 0.35, $"int8 {int8.Length} bytes vs fp32 {fp32.Length}");

        using var session = new InferenceSession(int8);
        Assert.Equal([-1, 1, 28, 28], session.InputMetadata[OnnxNames.Input].Dimensions);
        Assert.Equal([OnnxNames.Logits, OnnxNames.Probabilities], session.OutputMetadata.Keys.Order());
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("int8", metadata[Int8Quantizer.PrecisionKey]);
        Assert.Equal("500", metadata[Int8Quantizer.CalibrationImagesKey]);
        Assert.True(metadata.ContainsKey(OnnxNames.ClassNamesKey));
    }

    [Fact]
    public void A_residual_network_with_batch_norm_quantizes_too()
    {
        var config = SmallRuns.Config with { BatchNorm = true, Residual = true };
        var result = new CnnTrainer(config, SmallRuns.Options).Train(SmallRuns.Train, SmallRuns.Validation);
        using var model = result.Model;
        var fp32 = Export(model);

        var int8 = Int8Quantizer.Quantize(fp32, Calibration);

        using var fp32Runner = new OnnxRunner(fp32);
        using var int8Runner = new OnnxRunner(int8);
        Assert.InRange(int8Runner.Accuracy(SmallRuns.Test), fp32Runner.Accuracy(SmallRuns.Test) - 0.01, 1.0);
        Assert.Contains(ModelProto.Parser.ParseFrom(int8).Graph.Node, n => n.OpType == "Add");
    }

    [Fact]
    public void Quantizing_twice_gives_the_same_bytes()
    {
        var fp32 = Export(trained.Model);

        Assert.Equal(Int8Quantizer.Quantize(fp32, Calibration), Int8Quantizer.Quantize(fp32, Calibration));
    }

    private static void AssertLogitsClose(float[] fp32, float[] int8)
    {
        var spread = fp32.Max() - fp32.Min();
        var largest = fp32.Zip(int8).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(largest < 0.1 * spread, $"largest logit difference {largest} for logits spanning {spread}");
    }
}
