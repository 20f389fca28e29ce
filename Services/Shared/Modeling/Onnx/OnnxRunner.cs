using Microsoft.ML.OnnxRuntime;

namespace Mlops.Modeling.Onnx;

/// <summary>Runs an exported classifier (fp32 or quantized: the same input and outputs) in ONNX Runtime on labelled images.</summary>
public sealed class OnnxRunner : IDisposable
{
    private readonly SessionOptions sessionOptions;
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();

    public OnnxRunner(byte[] onnxModel, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        session = new InferenceSession(onnxModel, sessionOptions);
    }

    /// <summary>The logits of images start..start+count, row by row.</summary>
    public float[] Logits(LabeledImages images, int start, int count)
    {
        var pixels = PixelScaling.ToUnitRange(images, start, count);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, images.Channels, images.Height, images.Width]);
        using var outputs = session.Run(runOptions, [OnnxNames.Input], [input], [OnnxNames.Logits]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The predicted class of every image.</summary>
    public int[] Predict(LabeledImages images, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(images);
        var predictions = new int[images.Count];
        for (var start = 0; start < images.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, images.Count - start);
            var logits = Logits(images, start, count);
            var classes = logits.Length / count;
            for (var row = 0; row < count; row++)
            {
                predictions[start + row] = Argmax(logits.AsSpan(row * classes, classes));
            }
        }
        return predictions;
    }

    /// <summary>Share of <paramref name="images"/> whose predicted class is their label.</summary>
    public double Accuracy(LabeledImages images)
    {
        var predictions = Predict(images);
        var correct = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            correct += predictions[i] == images.Labels[i] ? 1 : 0;
        }

        return images.Count == 0 ? double.NaN : (double)correct / images.Count;
    }

    internal static int Argmax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    public void Dispose()
    {
        session.Dispose();
        sessionOptions.Dispose();
        runOptions.Dispose();
    }
}
