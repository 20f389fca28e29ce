using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Mlops.Modeling.Onnx;
using Onnx;

namespace Mlops.Modeling.Compression;

/// <summary>
/// Static-quantization calibration: the smallest and largest value each named tensor of an fp32 ONNX model takes on
/// calibration images, found by running the model in ONNX Runtime with those tensors added as graph outputs.
/// </summary>
internal static class ActivationCalibrator
{
    public static Dictionary<string, (float Min, float Max)> Calibrate(ModelProto model, IReadOnlyCollection<string> tensors,
        LabeledImages images, int intraOpThreads, int batchSize = 256)
    {
        var probe = model.Clone();
        foreach (var name in tensors.Where(t => probe.Graph.Output.All(o => o.Name != t)))
        {
            probe.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        using var sessionOptions = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        using var session = new InferenceSession(probe.ToByteArray(), sessionOptions);
        using var runOptions = new RunOptions();
        var names = tensors.ToArray();
        var ranges = names.ToDictionary(n => n, _ => (Min: float.PositiveInfinity, Max: float.NegativeInfinity));
        for (var start = 0; start < images.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, images.Count - start);
            var pixels = PixelScaling.ToUnitRange(images, start, count);
            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, images.Channels, images.Height, images.Width]);
            using var outputs = session.Run(runOptions, [OnnxNames.Input], [input], names);
            for (var i = 0; i < names.Length; i++)
            {
                var (min, max) = ranges[names[i]];
                foreach (var value in outputs[i].GetTensorDataAsSpan<float>())
                {
                    min = Math.Min(min, value);
                    max = Math.Max(max, value);
                }
                ranges[names[i]] = (min, max);
            }
        }
        return ranges;
    }
}
