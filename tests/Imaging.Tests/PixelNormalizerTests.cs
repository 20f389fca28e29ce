namespace Mlops.Imaging.Tests;

public class PixelNormalizerTests
{
    [Fact]
    public void Every_byte_value_becomes_itself_over_255_including_the_unvectorised_tail()
    {
        byte[] pixels = Enumerable.Range(0, 256 + 37).Select(i => (byte)(i % 256)).ToArray();
        var floats = new float[pixels.Length];

        PixelNormalizer.ToUnitRange(pixels, floats);

        for (int i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i] / 255f, floats[i]);
        }
    }

    [Fact]
    public void Bytes_survive_a_round_trip_through_floats()
    {
        byte[] pixels = TestImages.Random(1000, seed: 30);
        var floats = new float[1000];
        var back = new byte[1000];

        PixelNormalizer.ToUnitRange(pixels, floats);
        PixelNormalizer.ToBytes(floats, back);

        Assert.Equal(pixels, back);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(-0.01f, "outside [0, 1]")]
    [InlineData(1.0001f, "outside [0, 1]")]
    public void A_bad_float_pixel_is_refused_with_its_index(float bad, string described)
    {
        var pixels = new float[784];
        Array.Fill(pixels, 0.5f);
        pixels[37] = bad;

        var e = Assert.Throws<InvalidImageDataException>(() => PixelNormalizer.EnsureUnitRange(pixels));

        Assert.Contains("Pixel 37 of 784", e.Message);
        Assert.Contains(described, e.Message);
    }

    [Fact]
    public void The_ends_of_the_range_are_valid()
    {
        float[] pixels = [0f, 1f, 0.5f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f];

        PixelNormalizer.EnsureUnitRange(pixels);
    }

    [Fact]
    public void Converting_floats_to_bytes_validates_first()
    {
        Assert.Throws<InvalidImageDataException>(() => PixelNormalizer.ToBytes([0.1f, float.NaN], new byte[2]));
    }

    [Fact]
    public void Normalising_allocates_nothing()
    {
        byte[] pixels = TestImages.Random(784, seed: 31);
        var floats = new float[784];
        PixelNormalizer.ToUnitRange(pixels, floats);

        long before = GC.GetAllocatedBytesForCurrentThread();
        PixelNormalizer.ToUnitRange(pixels, floats);
        PixelNormalizer.EnsureUnitRange(floats);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Mismatched_lengths_are_a_caller_error()
    {
        Assert.Throws<ArgumentException>(() => PixelNormalizer.ToUnitRange(new byte[10], new float[9]));
    }
}
