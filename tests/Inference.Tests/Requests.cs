using Google.Protobuf;
using Mlops.Inference.V1;

namespace Mlops.Inference.Tests;

/// <summary>Request messages built from sample images.</summary>
public static class Requests
{
    public static PredictRequest Raw(int index, string requestId = "", string model = "") => new()
    {
        ModelName = model,
        RequestId = requestId,
        Image = new ImageInput
        {
            Pixels = new RawPixels
            {
                Shape = new Common.V1.ImageShape { Channels = 1, Height = 28, Width = 28 },
                Uint8Data = ByteString.CopyFrom(Models.Test.Image(index)),
            },
        },
    };

    public static PredictRequest Encoded(byte[] file, string model = "") => new() { ModelName = model, Image = new ImageInput { Encoded = ByteString.CopyFrom(file) } };

    public static PredictRequest Floats(IEnumerable<float> values) => new()
    {
        Image = new ImageInput { Pixels = new RawPixels { FloatData = { values } } },
    };
}
