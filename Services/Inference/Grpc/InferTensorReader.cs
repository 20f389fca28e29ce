using Google.Protobuf;
using Mlops.Imaging;
using Mlops.Inference.Preprocessing;
using Mlops.Inference.Serving;
using Mlops.OpenInference;

namespace Mlops.Inference.Grpc;

/// <summary>
/// Reads the input tensor of an Open Inference Protocol v2 request: FP32 or UINT8, shape [batch, channels, height, width]
/// matching the model, as typed contents or as little-endian raw_input_contents; one image source per batch row.
/// </summary>
internal static class InferTensorReader
{
    public const string Fp32 = "FP32";
    public const string UInt8 = "UINT8";

    public static IReadOnlyList<ImageSource> Read(ModelInferRequest request, ServedModel model)
    {
        var expectedName = model.Classifier.InputName;
        if (request.Inputs.Count != 1)
        {
            throw new InvalidInputException($"Model '{model.Name}' takes one input tensor ('{expectedName}'); the request has {request.Inputs.Count}.");
        }

        var input = request.Inputs[0];
        if (input.Name != expectedName)
        {
            throw new InvalidInputException($"Input tensor '{input.Name}' is unknown: model '{model.Name}' takes '{expectedName}'.");
        }

        if (input.Datatype is not (Fp32 or UInt8))
        {
            throw new InvalidInputException($"Input datatype '{input.Datatype}' is not accepted: send FP32 (pixels in [0, 1]) or UINT8 (0-255).");
        }

        var shape = model.InputShape;
        var batch = BatchSize(input, shape);
        var perImage = shape.PixelCount;
        var elementSize = input.Datatype == Fp32 ? sizeof(float) : sizeof(byte);
        var sources = new ImageSource[batch];
        if (request.RawInputContents.Count > 0)
        {
            if (request.RawInputContents.Count != request.Inputs.Count)
            {
                throw new InvalidInputException($"raw_input_contents has {request.RawInputContents.Count} entries; it needs one per input tensor ({request.Inputs.Count}).");
            }

            if (input.Contents is not null && !IsEmpty(input.Contents))
            {
                throw new InvalidInputException("The input has both raw_input_contents and typed contents; send one of them.");
            }

            var raw = request.RawInputContents[0].Memory;
            var expected = (long)batch * perImage * elementSize;
            if (raw.Length != expected)
            {
                throw new InvalidInputException(
                    $"raw_input_contents[0] has {raw.Length} bytes; a {input.Datatype} tensor of shape {Shape(input)} has {expected} ({elementSize} per value).");
            }

            for (var row = 0; row < batch; row++)
            {
                var slice = raw.Slice(row * perImage * elementSize, perImage * elementSize);
                sources[row] = input.Datatype == Fp32 ? ImageSource.Float32Bytes(slice, shape) : ImageSource.UInt8(slice, shape);
            }

            return sources;
        }

        return input.Datatype == Fp32 ? ReadFloats(input, batch, shape, sources) : ReadBytes(input, batch, shape, sources);
    }

    private static ImageSource[] ReadFloats(ModelInferRequest.Types.InferInputTensor input, int batch, ImageShape shape, ImageSource[] sources)
    {
        var values = input.Contents?.Fp32Contents;
        var expected = (long)batch * shape.PixelCount;
        if (values is null || values.Count != expected)
        {
            throw new InvalidInputException($"contents.fp32_contents has {values?.Count ?? 0} values; a tensor of shape {Shape(input)} has {expected}.");
        }

        var floats = new float[values.Count];
        values.CopyTo(floats, 0);
        for (var row = 0; row < batch; row++)
        {
            sources[row] = ImageSource.Float32(floats.AsMemory(row * shape.PixelCount, shape.PixelCount), shape);
        }

        return sources;
    }

    private static ImageSource[] ReadBytes(ModelInferRequest.Types.InferInputTensor input, int batch, ImageShape shape, ImageSource[] sources)
    {
        // The protocol carries UINT8 typed contents in uint_contents, one 32-bit value per byte.
        var values = input.Contents?.UintContents;
        var expected = (long)batch * shape.PixelCount;
        if (values is null || values.Count != expected)
        {
            throw new InvalidInputException($"contents.uint_contents has {values?.Count ?? 0} values; a UINT8 tensor of shape {Shape(input)} has {expected}.");
        }

        var bytes = new byte[values.Count];
        for (var index = 0; index < bytes.Length; index++)
        {
            var value = values[index];
            bytes[index] = value <= byte.MaxValue
                ? (byte)value
                : throw new InvalidInputException($"uint_contents[{index}] is {value}; UINT8 values are 0-255.");
        }

        for (var row = 0; row < batch; row++)
        {
            sources[row] = ImageSource.UInt8(bytes.AsMemory(row * shape.PixelCount, shape.PixelCount), shape);
        }

        return sources;
    }

    private static int BatchSize(ModelInferRequest.Types.InferInputTensor input, ImageShape shape)
    {
        var dims = input.Shape;
        if (dims.Count != 4 || dims[0] < 1 || dims[1] != shape.Channels || dims[2] != shape.Height || dims[3] != shape.Width)
        {
            throw new InvalidInputException(
                $"Input shape {Shape(input)} does not fit the model: expected [batch, {shape.Channels}, {shape.Height}, {shape.Width}] with batch at least 1.");
        }

        return dims[0] <= int.MaxValue / shape.PixelCount
            ? (int)dims[0]
            : throw new InvalidInputException($"A batch of {dims[0]} images is too large.");
    }

    private static bool IsEmpty(InferTensorContents contents) =>
        contents.Fp32Contents.Count == 0 && contents.UintContents.Count == 0 && contents.IntContents.Count == 0 &&
        contents.Int64Contents.Count == 0 && contents.Uint64Contents.Count == 0 && contents.Fp64Contents.Count == 0 &&
        contents.BoolContents.Count == 0 && contents.BytesContents.Count == 0;

    private static string Shape(ModelInferRequest.Types.InferInputTensor input) => $"[{string.Join(", ", input.Shape)}]";

    public static ByteString RawFloats(IReadOnlyList<PredictionResult> answers, int classes)
    {
        var bytes = new byte[answers.Count * classes * sizeof(float)];
        for (var row = 0; row < answers.Count; row++)
        {
            for (var column = 0; column < classes; column++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(
                    bytes.AsSpan(((row * classes) + column) * sizeof(float)), answers[row].Probabilities[column]);
            }
        }

        return UnsafeByteOperations.UnsafeWrap(bytes);
    }
}
