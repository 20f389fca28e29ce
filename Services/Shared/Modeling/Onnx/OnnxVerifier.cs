using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Mlops.Modeling.Onnx;

/// <summary>Runs an exported model in ONNX Runtime and compares it with the TorchSharp model it came from.</summary>
public static class OnnxVerifier
{
    public static OnnxVerification Verify(byte[] onnxModel, CnnModel model, LabeledImages images,
        double tolerance = 1e-4, int intraOpThreads = 1, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        images.EnsureShape(model.Config);
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        using var session = new InferenceSession(onnxModel, sessionOptions);
        using var runOptions = new RunOptions();
        var wasTraining = model.training;
        model.eval();
        try
        {
            double maxLogit = 0, maxProbability = 0;
            var agreements = 0;
            for (var start = 0; start < images.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, images.Count - start);
                var (torchLogits, torchProbabilities) = RunTorch(model, images, start, count);
                var (ortLogits, ortProbabilities) = RunOrt(session, runOptions, images, start, count);
                maxLogit = Math.Max(maxLogit, MaxAbsDifference(torchLogits, ortLogits));
                maxProbability = Math.Max(maxProbability, MaxAbsDifference(torchProbabilities, ortProbabilities));
                agreements += CountArgmaxAgreements(torchLogits, ortLogits, model.Config.ClassCount);
            }
            return new OnnxVerification(images.Count, maxLogit, maxProbability, agreements, tolerance);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static (float[] Logits, float[] Probabilities) RunTorch(CnnModel model, LabeledImages images, int start, int count)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = model.forward(ImageTensors.FromPixels(images, start, count));
        return (logits.data<float>().ToArray(), logits.softmax(1).data<float>().ToArray());
    }

    private static (float[] Logits, float[] Probabilities) RunOrt(InferenceSession session, RunOptions runOptions,
        LabeledImages images, int start, int count)
    {
        var pixels = PixelScaling.ToUnitRange(images, start, count);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, images.Channels, images.Height, images.Width]);
        using var outputs = session.Run(runOptions, [OnnxNames.Input], [input], [OnnxNames.Logits, OnnxNames.Probabilities]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            throw new InvalidOperationException($"Output sizes differ: TorchSharp {a.Length}, ONNX Runtime {b.Length}.");
        }

        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }

    private static int CountArgmaxAgreements(float[] a, float[] b, int classes)
    {
        var agreements = 0;
        for (var row = 0; row < a.Length / classes; row++)
        {
            if (Argmax(a.AsSpan(row * classes, classes)) == Argmax(b.AsSpan(row * classes, classes)))
            {
                agreements++;
            }
        }
        return agreements;
    }

    private static int Argmax(ReadOnlySpan<float> values)
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
}
