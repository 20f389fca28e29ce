namespace Mlops.Modeling.Tests;

public class LabeledImagesTests
{
    private static LabeledImages Numbered(int count) =>
        new(Enumerable.Range(0, count).SelectMany(i => Enumerable.Repeat((byte)i, 4)).ToArray(),
            Enumerable.Range(0, count).Select(i => i % 3).ToArray(), channels: 1, height: 2, width: 2);

    [Fact]
    public void Split_is_disjoint_complete_and_the_same_for_the_same_seed()
    {
        var images = Numbered(100);

        var (kept, heldOut) = images.Split(0.1, seed: 5);
        var (_, again) = images.Split(0.1, seed: 5);
        var (_, otherSeed) = images.Split(0.1, seed: 6);

        var heldIds = Enumerable.Range(0, heldOut.Count).Select(i => heldOut.ImagePixels(i)[0]).ToArray();
        var keptIds = Enumerable.Range(0, kept.Count).Select(i => kept.ImagePixels(i)[0]).ToArray();
        Assert.Equal(10, heldOut.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), heldIds.Concat(keptIds).Order());
        Assert.Equal(heldOut.Pixels, again.Pixels);
        Assert.NotEqual(heldOut.Pixels, otherSeed.Pixels);
        Assert.All(Enumerable.Range(0, heldOut.Count), i => Assert.Equal(heldIds[i] % 3, heldOut.Labels[i]));
    }

    [Fact]
    public void Pixels_that_do_not_match_the_label_count_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new LabeledImages(new byte[784 * 2], new int[3]));
    }

    [Fact]
    public void Labels_outside_the_class_range_are_rejected_before_training()
    {
        var images = new LabeledImages(new byte[784 * 2], [1, 10]);

        var error = Assert.Throws<ArgumentException>(() => images.EnsureShape(CnnConfig.Default));
        Assert.Contains("Label 10", error.Message);
    }
}
