using Google.Protobuf;
using Mlops.Common.V1;
using Mlops.Inference.V1;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>The sample image as the inference contract's ImageInput: raw pixels (default) or PNG (--set image=png).</summary>
public static class InferenceImages
{
    public static ImageInput FromSettings(ScenarioSettings settings) => settings.GetString("image", "raw").ToLowerInvariant() switch
    {
        "raw" => Raw(),
        "png" => new ImageInput { Encoded = ByteString.CopyFrom(SampleImage.Png) },
        var other => throw new FormatException($"Setting image={other}: use raw or png."),
    };

    public static ImageInput Raw() => new()
    {
        Pixels = new RawPixels
        {
            Shape = new ImageShape { Channels = 1, Height = SampleImage.Height, Width = SampleImage.Width },
            Uint8Data = ByteString.CopyFrom(SampleImage.Pixels),
        },
    };
}
