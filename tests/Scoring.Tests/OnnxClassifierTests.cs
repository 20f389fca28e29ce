using Mlops.TestSupport;

namespace Mlops.Scoring.Tests;

public sealed class OnnxClassifierTests
{
    private static readonly float[] Images =
    [
        0.0f, 0.0f, 0.0f, 0.0f,
        1.0f, 0.0f, 0.2f, 0.9f,
        0.0f, 1.0f, 0.0f, 1.0f,
        0.3f, 0.3f, 0.3f, 0.3f,
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Probabilities_agree_with_the_hand_computed_linear_model_with_or_without_a_softmax_in_the_graph(bool softmax)
    {
        using var classifier = OnnxClassifier.Load(LinearModel.Onnx(softmax));
        var probabilities = new float[4 * 3];

        classifier.Predict(Images, 4, probabilities);

        for (var row = 0; row < 4; row++)
        {
            var expected = LinearModel.Expected(Images.AsSpan(row * 4, 4));
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(expected[c], probabilities[(row * 3) + c], 5);
            }
        }

        Assert.Equal(new Imaging.ImageShape(1, 2, 2), classifier.InputShape);
        Assert.Equal(LinearModel.ClassNames, classifier.ClassNames);
        Assert.Equal([-1L, 1, 2, 2], classifier.Inputs.Single().Shape);
        Assert.Equal("FP32", classifier.Inputs.Single().Datatype);
    }

    [Fact]
    public void Bytes_are_scaled_by_255_as_in_training()
    {
        using var classifier = OnnxClassifier.Load(LinearModel.Onnx(softmax: true));
        byte[] bytes = [255, 0, 51, 230];
        var fromBytes = new float[3];
        var fromFloats = new float[3];

        classifier.Predict(bytes, 1, fromBytes);
        classifier.Predict(bytes.Select(value => value / 255f).ToArray(), 1, fromFloats);

        Assert.Equal(fromFloats, fromBytes);
    }

    [Fact]
    public void Without_class_names_in_the_metadata_classes_are_numbered()
    {
        using var classifier = OnnxClassifier.Load(LinearModel.Onnx(softmax: true, withClassNames: false));

        Assert.Equal(["0", "1", "2"], classifier.ClassNames);
    }

    [Fact]
    public void Files_that_are_not_an_image_classifier_are_refused()
    {
        Assert.Throws<InvalidModelException>(() => OnnxClassifier.Load([1, 2, 3, 4]));
        var flat = Assert.Throws<InvalidModelException>(() => OnnxClassifier.Load(LinearModel.Onnx(softmax: true, inputRank: 2)));
        Assert.Contains("[batch, channels, height, width]", flat.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_buffer_sizes_are_refused()
    {
        using var classifier = OnnxClassifier.Load(LinearModel.Onnx(softmax: true));

        Assert.Throws<ArgumentException>(() => classifier.Predict(new float[5], 1, new float[3]));
        Assert.Throws<ArgumentException>(() => classifier.Predict(new float[8], 2, new float[3]));
    }

    [Fact]
    public void Concurrent_calls_on_one_instance_answer_as_sequential_ones_do()
    {
        var test = FashionMnistSample.Test.Take(400);
        using var classifier = OnnxClassifier.Load(CentroidClassifierOnnx.Fit(FashionMnistSample.Train, FashionMnistSample.ClassNames).ToOnnx());
        var sequential = new float[test.Count * 10];
        for (var index = 0; index < test.Count; index++)
        {
            classifier.Predict(test.Image(index), 1, sequential.AsSpan(index * 10, 10));
        }

        var concurrent = new float[test.Count * 10];
        Parallel.For(0, test.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, index =>
            classifier.Predict(test.Image(index), 1, concurrent.AsSpan(index * 10, 10)));

        Assert.Equal(sequential, concurrent);
    }

    [Fact]
    public void A_real_classifier_agrees_with_its_plain_csharp_computation()
    {
        var centroid = CentroidClassifierOnnx.Fit(FashionMnistSample.Train, FashionMnistSample.ClassNames);
        using var classifier = OnnxClassifier.Load(centroid.ToOnnx());
        var test = FashionMnistSample.Test;
        var probabilities = new float[test.Count * 10];

        classifier.Predict(test.Pixels, test.Count, probabilities);

        var agree = Enumerable.Range(0, test.Count).Count(index =>
            Softmax.ArgMax(probabilities.AsSpan(index * 10, 10)) == centroid.Predict(test.Image(index)));
        Assert.True(agree >= test.Count - 2, $"{agree} of {test.Count} agree");
        Assert.Equal(FashionMnistSample.ClassNames, classifier.ClassNames);
    }

    [Fact]
    public void Softmax_is_stable_for_large_logits()
    {
        float[] logits = [1000f, 1001f, 999f];

        Softmax.InPlace(logits, 3);

        Assert.Equal(1.0, logits.Sum(), 5);
        Assert.Equal(1, Softmax.ArgMax(logits));
        Assert.All(logits, value => Assert.True(float.IsFinite(value)));
    }
}
