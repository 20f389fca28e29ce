using Microsoft.ML.OnnxRuntime;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>The test model is a real ONNX classifier: ONNX Runtime loads it, agrees with its definition, and beats chance on Fashion-MNIST.</summary>
public sealed class CentroidClassifierOnnxTests
{
    [Fact]
    public void Onnx_runtime_loads_it_with_the_declared_signature_and_class_names()
    {
        using var session = new InferenceSession(Models.GoodOnnx.Value);

        Assert.Equal(["input"], session.InputNames);
        Assert.Equal([-1, 1, 28, 28], session.InputMetadata["input"].Dimensions);
        Assert.Equal(["probabilities"], session.OutputNames);
        Assert.Equal([-1, 10], session.OutputMetadata["probabilities"].Dimensions);
        Assert.Contains("\"Ankle boot\"", session.ModelMetadata.CustomMetadataMap["class_names"]);
    }

    [Fact]
    public void Onnx_runtime_predicts_what_the_definition_says_and_well_above_chance()
    {
        var test = FashionMnistSample.FullSetInstalled ? FashionMnistSample.FullTest : FashionMnistSample.Test;
        var predictions = Predict(Models.GoodOnnx.Value, test);

        var agreeing = Enumerable.Range(0, test.Count).Count(i => predictions[i] == Models.Good.Predict(test.Image(i)));
        var accuracy = Accuracy(predictions, test);
        Assert.True(agreeing >= test.Count - 2, $"ONNX Runtime and the C# definition agree on {agreeing} of {test.Count} images.");
        Assert.InRange(accuracy, 0.6, 0.8); // nearest centroid on Fashion-MNIST: about 0.68; chance is 0.1
    }

    [Fact]
    public void The_degraded_models_are_clearly_worse()
    {
        var test = FashionMnistSample.Test;
        var good = Accuracy(Predict(Models.GoodOnnx.Value, test), test);
        var noisy = Accuracy(Predict(Models.WorseOnnx.Value, test), test);
        var shuffled = Accuracy(Predict(Models.Good.WithShuffledClasses().ToOnnx(), test), test);

        Assert.True(noisy < good - 0.1, $"noisy {noisy:0.000} vs good {good:0.000}");
        Assert.True(noisy > 0.2, $"noisy {noisy:0.000} should still beat chance");
        Assert.True(shuffled < 0.2, $"shuffled {shuffled:0.000}");
    }

    internal static int[] Predict(byte[] onnx, LabeledImages images)
    {
        using var session = new InferenceSession(onnx);
        using var runOptions = new RunOptions();
        var input = images.Pixels.Select(pixel => pixel / 255f).ToArray();
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [images.Count, 1, images.Height, images.Width]);
        using var outputs = session.Run(runOptions, ["input"], [tensor], ["probabilities"]);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var predictions = new int[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var row = scores.Slice(i * 10, 10);
            predictions[i] = row.IndexOf(row.ToArray().Max());
        }

        return predictions;
    }

    internal static double Accuracy(int[] predictions, LabeledImages images) =>
        (double)Enumerable.Range(0, images.Count).Count(i => predictions[i] == images.Labels[i]) / images.Count;
}
