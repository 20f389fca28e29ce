using Mlops.Modeling.Feeds;

namespace Mlops.Modeling.Tests;

public class ImageAugmenterTests
{
    private static byte[] OnePixelAt(int x, int y)
    {
        var image = new byte[28 * 28];
        image[y * 28 + x] = 255;
        return image;
    }

    [Fact]
    public void Without_augmentation_pixels_are_only_scaled()
    {
        var source = Enumerable.Range(0, 784).Select(i => (byte)(i % 256)).ToArray();
        var destination = new float[784];

        new ImageAugmenter(1, 28, 28, flip: false, maxShift: 0, seed: 1).Write(source, destination);

        Assert.Equal(source.Select(b => b / 255f), destination);
    }

    [Fact]
    public void Flip_mirrors_the_image_left_to_right_about_half_the_time()
    {
        var augmenter = new ImageAugmenter(1, 28, 28, flip: true, maxShift: 0, seed: 1);
        var destination = new float[784];
        var mirrored = 0;
        for (var i = 0; i < 200; i++)
        {
            augmenter.Write(OnePixelAt(3, 5), destination);
            var lit = Array.FindIndex(destination, v => v > 0);
            Assert.Contains(lit, new[] { 5 * 28 + 3, 5 * 28 + 24 });
            if (lit == 5 * 28 + 24)
            {
                mirrored++;
            }
        }
        Assert.InRange(mirrored, 70, 130);
    }

    [Fact]
    public void Shift_moves_the_image_by_at_most_the_limit_and_fills_with_zero()
    {
        var augmenter = new ImageAugmenter(1, 28, 28, flip: false, maxShift: 2, seed: 3);
        var destination = new float[784];
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < 300; i++)
        {
            augmenter.Write(OnePixelAt(14, 14), destination);
            var lit = Assert.Single(Enumerable.Range(0, 784), p => destination[p] > 0);
            seen.Add((lit % 28 - 14, lit / 28 - 14));
            Assert.Equal(1f, destination.Sum());
        }
        Assert.Equal(25, seen.Count); // every offset in [-2, 2] x [-2, 2]
    }
}
