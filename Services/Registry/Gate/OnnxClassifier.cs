using Microsoft.ML.OnnxRuntime;
using Mlops.Imaging;

namespace Mlops.Registry.Gate;

/// <summary>An ONNX image classifier in ONNX Runtime: uint8 images in (scaled x/255, NCHW), predicted class indices out.</summary>
internal sealed class OnnxClassifier : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string inputName;
    private readonly string outputName;
    private readonly long[] imageShape;

    public OnnxClassifier(byte[] onnx, string inputName, string outputName, TestSplitDescription split, int intraOpThreads)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        session = new InferenceSession(onnx, options);
        this.inputName = inputName;
        this.outputName = outputName;
        imageShape = [split.Channels, split.Height, split.Width];
    }

    /// <summary>The predicted class of each image in <paramref name="pixels"/>.</summary>
    public int[] Predict(ReadOnlySpan<byte> pixels, int count)
    {
        var input = new float[pixels.Length];
        PixelNormalizer.ToUnitRange(pixels, input);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [count, .. imageShape]);
        using var outputs = session.Run(runOptions, [inputName], [tensor], [outputName]);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var classes = scores.Length / count;
        var predictions = new int[count];
        for (var row = 0; row < count; row++)
        {
            var rowScores = scores.Slice(row * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (rowScores[c] > rowScores[best])
                {
                    best = c;
                }
            }

            predictions[row] = best;
        }

        return predictions;
    }

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }
}
