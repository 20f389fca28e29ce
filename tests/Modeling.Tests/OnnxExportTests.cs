using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mlops.Modeling.Onnx;

namespace Mlops.Modeling.Tests;

[Collection(TrainedModelCollection.Name)]
public class OnnxExportTests(TrainedModelFixture trained)
{
    private byte[] Export() => OnnxExporter.Export(trained.Model, new OnnxExportInfo(FashionMnist.ClassNames)
    {
        Metadata = new Dictionary<string, string> { ["run_id"] = "run-42" },
    });

    [Fact]
    public void Exported_model_loads_with_a_dynamic_batch_and_describes_itself()
    {
        using var session = new InferenceSession(Export());

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(OnnxNames.Input, input.Key);
        Assert.Equal([-1, 1, 28, 28], input.Value.Dimensions);
        Assert.Equal(OnnxNames.BatchDimension, input.Value.SymbolicDimensions[0]);
        Assert.Equal([OnnxNames.Logits, OnnxNames.Probabilities], session.OutputMetadata.Keys.Order());
        Assert.Equal([-1, 10], session.OutputMetadata[OnnxNames.Probabilities].Dimensions);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(FashionMnist.ClassNames, JsonSerializer.Deserialize<string[]>(metadata[OnnxNames.ClassNamesKey]));
        Assert.Equal("run-42", metadata["run_id"]);
        Assert.Equal(PixelScaling.Description, metadata[OnnxNames.PreprocessingKey]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public void Onnx_Runtime_agrees_with_TorchSharp_at_any_batch_size(int batchSize)
    {
        var verification = OnnxVerifier.Verify(Export(), trained.Model, SmallRuns.Test.Take(300), batchSize: batchSize);

        Assert.Equal(300, verification.Images);
        Assert.True(verification.Passed, $"max abs difference {verification.MaxAbsDifference}");
        Assert.InRange(verification.MaxAbsDifference, 0, 1e-4);
    }

    [Fact]
    public void Probabilities_of_each_image_sum_to_one()
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(Export(), options);
        using var runOptions = new RunOptions();
        var pixels = PixelScaling.ToUnitRange(SmallRuns.Test.Pixels.AsSpan(0, 5 * 784));
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [5, 1, 28, 28]);

        using var outputs = session.Run(runOptions, [OnnxNames.Input], [input], [OnnxNames.Probabilities]);

        var probabilities = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(50, probabilities.Length);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(1.0, probabilities.Skip(i * 10).Take(10).Sum(), 4);
        }
    }

    [Fact]
    public void Export_refuses_a_class_name_list_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(trained.Model, new OnnxExportInfo(["a", "b"])));
    }
}
