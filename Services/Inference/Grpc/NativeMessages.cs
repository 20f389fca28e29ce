using Mlops.Imaging;
using Mlops.Inference.Preprocessing;
using Mlops.Inference.Serving;
using Mlops.Inference.V1;
using Mlops.Scoring;

namespace Mlops.Inference.Grpc;

/// <summary>Maps between the native API's messages and the pipeline's inputs and answers.</summary>
internal static class NativeMessages
{
    /// <summary>Largest raw image side accepted; a shape is checked against these before its pixel count is computed, which could overflow.</summary>
    public const int MaxSide = 8192;

    public const int MaxChannels = 4;

    public static ImageSource ToSource(ImageInput? image)
    {
        switch (image?.ContentCase)
        {
            case ImageInput.ContentOneofCase.Encoded:
                return ImageSource.Encoded(image.Encoded.Memory);
            case ImageInput.ContentOneofCase.Pixels:
                var pixels = image.Pixels;
                var shape = ToShape(pixels.Shape);
                if (!pixels.Uint8Data.IsEmpty && pixels.FloatData.Count > 0)
                {
                    throw new InvalidInputException("Raw pixels come as uint8_data or float_data, not both.");
                }

                if (!pixels.Uint8Data.IsEmpty)
                {
                    return ImageSource.UInt8(pixels.Uint8Data.Memory, shape);
                }

                if (pixels.FloatData.Count > 0)
                {
                    var floats = new float[pixels.FloatData.Count];
                    pixels.FloatData.CopyTo(floats, 0);
                    return ImageSource.Float32(floats, shape);
                }

                throw new InvalidInputException("The raw pixels are empty: fill uint8_data (0-255) or float_data (0-1).");
            default:
                throw new InvalidInputException("The request has no image: set image.encoded (PNG/JPEG bytes) or image.pixels.");
        }
    }

    public static Prediction ToMessage(PredictionResult result, string requestId)
    {
        var message = new Prediction
        {
            Label = result.Label,
            ClassName = result.ClassName,
            ModelName = result.ModelName,
            ModelVersion = result.ModelVersion,
            RequestId = requestId,
            Cached = result.Cached,
        };
        message.Probabilities.AddRange(result.Probabilities);
        return message;
    }

    public static LoadedModel ToMessage(ServedModel model)
    {
        var message = new LoadedModel
        {
            ModelName = model.Name,
            Version = model.Version,
            Alias = model.Alias,
            OnnxSha256 = model.OnnxSha256,
        };
        message.Inputs.AddRange(model.Classifier.Inputs.Select(ToSpec));
        message.Outputs.AddRange(model.Classifier.Outputs.Select(ToSpec));
        message.ClassNames.AddRange(model.ClassNames);
        return message;
    }

    private static Common.V1.TensorSpec ToSpec(TensorDescription tensor)
    {
        var spec = new Common.V1.TensorSpec { Name = tensor.Name, Datatype = tensor.Datatype };
        spec.Shape.AddRange(tensor.Shape);
        return spec;
    }

    private static ImageShape? ToShape(Common.V1.ImageShape? shape)
    {
        if (shape is null || (shape.Channels == 0 && shape.Height == 0 && shape.Width == 0))
        {
            return null;
        }

        if (shape.Channels is < 1 or > MaxChannels || shape.Height is < 1 or > MaxSide || shape.Width is < 1 or > MaxSide)
        {
            throw new InvalidInputException(
                $"The pixels' shape {shape.Channels}x{shape.Height}x{shape.Width} must have 1 to {MaxChannels} channels and sides of 1 to {MaxSide} pixels (or be left empty to mean the model's).");
        }

        return new ImageShape(shape.Channels, shape.Height, shape.Width);
    }
}
