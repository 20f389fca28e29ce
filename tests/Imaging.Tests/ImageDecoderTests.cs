using SkiaSharp;

namespace Mlops.Imaging.Tests;

public class ImageDecoderTests
{
    private static readonly ImageShape Target = ImageShape.Default;

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 64, 64)]
    [InlineData(SKEncodedImageFormat.Jpeg, 300, 300)]
    [InlineData(SKEncodedImageFormat.Png, 5, 5)]
    public void A_white_image_of_any_size_stays_white(SKEncodedImageFormat format, int width, int height)
    {
        byte[] grey = ImageDecoder.Decode(TestImages.Encode(width, height, SKColors.White, format), Target);

        Assert.All(grey, v => Assert.Equal(255, v));
    }

    [Fact]
    public void Red_becomes_its_BT601_luma()
    {
        byte expected = (byte)Math.Round(0.299 * 255);

        byte[] grey = ImageDecoder.Decode(TestImages.Encode(40, 40, SKColors.Red, SKEncodedImageFormat.Png), Target);

        Assert.All(grey, v => Assert.Equal(expected, v));
    }

    [Fact]
    public void Jpeg_colours_become_their_luma_within_compression_error()
    {
        var green = new SKColor(0, 255, 0);
        byte[] grey = ImageDecoder.Decode(TestImages.Encode(100, 80, green, SKEncodedImageFormat.Jpeg, quality: 95), new ImageShape(1, 28, 35));

        Assert.All(grey, v => Assert.InRange(v, 0.587 * 255 - 3, 0.587 * 255 + 3));
    }

    [Fact]
    public void A_wide_image_is_letterboxed_on_black_keeping_its_aspect()
    {
        // 56x28 fits as 28x14, centred: 7 black rows, 14 white rows, 7 black rows.
        byte[] grey = ImageDecoder.Decode(TestImages.Encode(56, 28, SKColors.White, SKEncodedImageFormat.Png), Target);

        for (int y = 0; y < 28; y++)
        {
            byte expected = y is >= 7 and < 21 ? (byte)255 : (byte)0;
            Assert.All(grey.AsSpan(y * 28, 28).ToArray(), v => Assert.Equal(expected, v));
        }
    }

    [Fact]
    public void A_tall_image_is_letterboxed_left_and_right()
    {
        byte[] grey = ImageDecoder.Decode(TestImages.Encode(10, 40, SKColors.White, SKEncodedImageFormat.Png), Target);

        // 10x40 fits as 7x28, centred: columns 10..16 white.
        for (int x = 0; x < 28; x++)
        {
            byte expected = x is >= 10 and < 17 ? (byte)255 : (byte)0;
            Assert.Equal(expected, grey[(14 * 28) + x]);
        }
    }

    [Fact]
    public void Transparency_is_composited_onto_black()
    {
        var halfTransparentWhite = new SKColor(255, 255, 255, 128);

        byte[] grey = ImageDecoder.Decode(TestImages.Encode(28, 28, halfTransparentWhite, SKEncodedImageFormat.Png), Target);

        Assert.All(grey, v => Assert.InRange(v, 127, 129));
    }

    [Fact]
    public void A_grey_png_of_the_target_size_decodes_to_exactly_its_pixels()
    {
        byte[] original = TestImages.Random(28 * 28, seed: 11);

        byte[] decoded = ImageDecoder.Decode(ImageEncoder.EncodePng(original, 28, 28), Target);

        Assert.Equal(original, decoded);
    }

    [Fact]
    public void Shrinking_averages_instead_of_aliasing()
    {
        // A pixel-level checkerboard shrunk 4x must come out mid-grey everywhere, not black or white.
        byte[] grey = ImageDecoder.Decode(TestImages.CheckerboardPng(112), Target);

        Assert.All(grey, v => Assert.InRange(v, 126, 129));
    }

    [Fact]
    public void Three_channel_targets_keep_colour_as_planes()
    {
        var shape = new ImageShape(3, 28, 28);

        byte[] rgb = ImageDecoder.Decode(TestImages.Encode(50, 50, SKColors.Red, SKEncodedImageFormat.Png), shape);

        Assert.All(rgb[..784], v => Assert.Equal(255, v));
        Assert.All(rgb[784..], v => Assert.Equal(0, v));
    }

    [Fact]
    public void Rgb_planes_survive_a_png_round_trip()
    {
        var shape = new ImageShape(3, 9, 13);
        byte[] planes = TestImages.Random(shape.PixelCount, seed: 12);

        Assert.Equal(planes, ImageDecoder.Decode(ImageEncoder.EncodePng(planes, shape), shape));
    }

    [Fact]
    public void Random_bytes_are_refused_as_undecodable()
    {
        var e = Assert.Throws<InvalidImageDataException>(() => ImageDecoder.Decode(TestImages.Random(500, seed: 13), Target));

        Assert.Contains("Cannot decode 500 bytes", e.Message);
    }

    [Fact]
    public void Empty_input_is_refused()
    {
        Assert.Throws<InvalidImageDataException>(() => ImageDecoder.Decode([], Target));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    public void A_truncated_image_is_refused(SKEncodedImageFormat format)
    {
        byte[] whole = TestImages.Encode(200, 200, SKColors.Red, format, quality: 90);
        byte[] noisy = ImageEncoder.EncodePng(TestImages.Random(200 * 200, seed: 14), 200, 200);
        byte[] encoded = format == SKEncodedImageFormat.Png ? noisy : whole;

        Assert.Throws<InvalidImageDataException>(() => ImageDecoder.Decode(encoded[..(encoded.Length / 2)], Target));
    }

    [Fact]
    public void A_destination_of_the_wrong_size_is_a_caller_error()
    {
        byte[] png = TestImages.Encode(28, 28, SKColors.White, SKEncodedImageFormat.Png);

        Assert.Throws<ArgumentException>(() => ImageDecoder.Decode(png, Target, new byte[100]));
    }
}
