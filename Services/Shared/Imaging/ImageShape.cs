namespace Mlops.Imaging;

/// <summary>
/// The shape of one image as the model sees it: channels, height and width, stored channel-major
/// (CHW) and row-major within a channel.
/// </summary>
public readonly record struct ImageShape
{
    /// <summary>The shape the platform uses unless a dataset says otherwise: 1x28x28 grey (Fashion-MNIST).</summary>
    public static ImageShape Default { get; } = new(1, 28, 28);

    /// <summary>Creates a shape; every dimension must be at least 1.</summary>
    public ImageShape(int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if ((long)channels * height * width > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"An image of {channels}x{height}x{width} is too large to hold in memory.");
        }

        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>Number of channels: 1 for grey, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>Rows of pixels.</summary>
    public int Height { get; }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Values in one image: <c>Channels * Height * Width</c>.</summary>
    public int PixelCount => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
