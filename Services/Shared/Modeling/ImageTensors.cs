using static TorchSharp.torch;

namespace Mlops.Modeling;

internal static class ImageTensors
{
    /// <summary>Images start..start+count as a float tensor [count, C, H, W] scaled to [0, 1].</summary>
    public static Tensor FromPixels(LabeledImages data, int start, int count)
    {
        return tensor(PixelScaling.ToUnitRange(data, start, count), [count, data.Channels, data.Height, data.Width]);
    }

    /// <summary>Class indices (or sample indices) as the int64 tensor that cross_entropy and index_select take.</summary>
    public static Tensor Int64(ReadOnlySpan<int> values)
    {
        var widened = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            widened[i] = values[i];
        }

        return tensor(widened);
    }
}
