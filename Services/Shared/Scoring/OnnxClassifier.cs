using System.Buffers;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Mlops.Imaging;

namespace Mlops.Scoring;

/// <summary>
/// An image classifier in ONNX Runtime: one float32 NCHW input with a dynamic batch dimension, one output of
/// class probabilities (the output named "probabilities" when there is one, else the first output passed
/// through softmax). One instance is safe to call from many threads at once.
/// </summary>
public sealed class OnnxClassifier : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string inputName;
    private readonly string outputName;
    private readonly bool outputIsProbabilities;

    private OnnxClassifier(InferenceSession session)
    {
        this.session = session;
        var input = session.InputMetadata.Count == 1
            ? session.InputMetadata.Single()
            : throw new InvalidModelException($"The model has {session.InputMetadata.Count} inputs; an image classifier has one.");
        if (input.Value.ElementDataType != TensorElementType.Float || input.Value.Dimensions.Length != 4)
        {
            throw new InvalidModelException(
                $"The model's input '{input.Key}' is {input.Value.ElementDataType}[{string.Join(',', input.Value.Dimensions)}]; expected float32 [batch, channels, height, width].");
        }

        var dimensions = input.Value.Dimensions;
        if (dimensions[1] <= 0 || dimensions[2] <= 0 || dimensions[3] <= 0)
        {
            throw new InvalidModelException($"The model's input '{input.Key}' must have fixed channels, height and width.");
        }

        inputName = input.Key;
        InputShape = new ImageShape(dimensions[1], dimensions[2], dimensions[3]);

        outputIsProbabilities = session.OutputMetadata.ContainsKey(ScoringNames.Probabilities);
        var output = outputIsProbabilities
            ? session.OutputMetadata.Single(o => o.Key == ScoringNames.Probabilities)
            : session.OutputMetadata.First();

        if (output.Value.ElementDataType != TensorElementType.Float || output.Value.Dimensions.Length != 2 || output.Value.Dimensions[1] <= 0)
        {
            throw new InvalidModelException($"The model's output '{output.Key}' must be float32 [batch, classes].");
        }

        outputName = output.Key;
        ClassCount = output.Value.Dimensions[1];
        ClassNames = ReadClassNames(session, ClassCount);
        Inputs = session.InputMetadata.Select(Describe).ToList();
        Outputs = session.OutputMetadata.Select(Describe).ToList();
    }

    public ImageShape InputShape { get; }

    public int ClassCount { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<TensorDescription> Inputs { get; }

    public IReadOnlyList<TensorDescription> Outputs { get; }

    public string InputName => inputName;

    public string OutputName => outputName;

    public static OnnxClassifier Load(byte[] onnx, int intraOpThreads = 1)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            return new OnnxClassifier(new InferenceSession(onnx, options));
        }
        catch (OnnxRuntimeException error)
        {
            throw new InvalidModelException($"ONNX Runtime cannot load the model: {error.Message}", error);
        }
        finally
        {
            options.Dispose();
        }
    }

    /// <summary>Class probabilities for <paramref name="batch"/> images of unit-range pixels, written row by row into <paramref name="probabilities"/>.</summary>
    public void Predict(ReadOnlySpan<float> pixels, int batch, Span<float> probabilities)
    {
        var input = ArrayPool<float>.Shared.Rent(pixels.Length);
        var output = ArrayPool<float>.Shared.Rent(Math.Max(0, batch) * ClassCount);
        try
        {
            pixels.CopyTo(input);
            Predict(input.AsMemory(0, pixels.Length), batch, output.AsMemory(0, Math.Min(output.Length, probabilities.Length)));
            output.AsSpan(0, batch * ClassCount).CopyTo(probabilities);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(output);
        }
    }

    /// <summary>
    /// As <see cref="Predict(ReadOnlySpan{float}, int, Span{float})"/>, with ONNX Runtime reading and writing the caller's
    /// buffers in place: no copy and no output tensor allocated per run, for callers that keep their buffers (the batcher).
    /// </summary>
    public void Predict(Memory<float> pixels, int batch, Memory<float> probabilities)
    {
        if (batch <= 0 || pixels.Length != batch * InputShape.PixelCount)
        {
            throw new ArgumentException($"{pixels.Length} values are not {batch} images of {InputShape}.", nameof(pixels));
        }

        if (probabilities.Length < batch * ClassCount)
        {
            throw new ArgumentException($"Room for {probabilities.Length} probabilities; {batch * ClassCount} needed.", nameof(probabilities));
        }

        var rows = probabilities[..(batch * ClassCount)];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, pixels, [batch, InputShape.Channels, InputShape.Height, InputShape.Width]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, rows, [batch, ClassCount]);
        session.Run(runOptions, [inputName], [inputValue], [outputName], [outputValue]);
        if (!outputIsProbabilities)
        {
            Softmax.InPlace(rows.Span, ClassCount);
        }
    }

    /// <summary>Class probabilities for images given as bytes (0-255), scaled to [0, 1] as in training.</summary>
    public void Predict(ReadOnlySpan<byte> pixels, int batch, Span<float> probabilities)
    {
        var scaled = ArrayPool<float>.Shared.Rent(pixels.Length);
        try
        {
            PixelNormalizer.ToUnitRange(pixels, scaled.AsSpan(0, pixels.Length));
            Predict(scaled.AsSpan(0, pixels.Length), batch, probabilities);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scaled);
        }
    }

    /// <summary>The most probable class of each of <paramref name="batch"/> images given as bytes.</summary>
    public int[] PredictLabels(ReadOnlySpan<byte> pixels, int batch)
    {
        var probabilities = new float[batch * ClassCount];
        Predict(pixels, batch, probabilities);
        var labels = new int[batch];
        for (var image = 0; image < batch; image++)
        {
            labels[image] = Softmax.ArgMax(probabilities.AsSpan(image * ClassCount, ClassCount));
        }

        return labels;
    }

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }

    private static IReadOnlyList<string> ReadClassNames(InferenceSession session, int classCount)
    {
        if (session.ModelMetadata.CustomMetadataMap.TryGetValue(ScoringNames.ClassNamesKey, out var json))
        {
            try
            {
                var names = JsonSerializer.Deserialize<string[]>(json);
                if (names is not null && names.Length == classCount)
                {
                    return names;
                }
            }
            catch (JsonException)
            {
                // Unreadable metadata: fall back to numbered classes, as for a model without names.
            }
        }

        return Enumerable.Range(0, classCount).Select(label => label.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    private static TensorDescription Describe(KeyValuePair<string, NodeMetadata> entry) =>
        new(entry.Key, Datatype(entry.Value.ElementDataType), entry.Value.Dimensions.Select(dimension => (long)dimension).ToList());

    private static string Datatype(TensorElementType type) => type switch
    {
        TensorElementType.Float => "FP32",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Double => "FP64",
        _ => type.ToString().ToUpperInvariant(),
    };
}
