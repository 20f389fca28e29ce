namespace Mlops.Imaging.Tests;

public class ImageStatisticsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void An_all_black_image_is_dark_flat_and_centred()
    {
        var f = ImageStatistics.Compute(TestImages.Filled(28, 28, 0), 28, 28);

        Assert.Equal(new ImageFeatures(0, 0, 1, 0, 0, 0, 0.5, 0.5), f);
    }

    [Fact]
    public void An_all_white_image_is_bright_and_flat()
    {
        var f = ImageStatistics.Compute(TestImages.Filled(28, 28, 255), 28, 28);

        Assert.Equal(new ImageFeatures(1, 0, 0, 1, 0, 0, 0.5, 0.5), f);
    }

    [Fact]
    public void A_right_half_white_image_has_one_vertical_edge()
    {
        var f = ImageStatistics.Compute(TestImages.RightHalfWhite(28, 28), 28, 28);

        Assert.Equal(0.5, f.MeanIntensity, Tolerance);
        Assert.Equal(0.5, f.StdIntensity, Tolerance);
        Assert.Equal(0.5, f.DarkFraction, Tolerance);
        Assert.Equal(0.5, f.BrightFraction, Tolerance);
        Assert.Equal(1.0 / 28, f.EdgeEnergy, Tolerance); // one step of 255 per row, 28 rows, over 784 pixels
        Assert.Equal(1.0 / 8, f.Entropy, Tolerance);     // two equally likely values: 1 bit of 8
        Assert.Equal((20.5 + 0.5) / 28, f.CentroidX, Tolerance); // columns 14..27 average 20.5
        Assert.Equal(0.5, f.CentroidY, Tolerance);
    }

    [Fact]
    public void A_top_half_white_image_has_one_horizontal_edge_and_a_high_centroid()
    {
        var f = ImageStatistics.Compute(TestImages.TopHalfWhite(28, 28), 28, 28);

        Assert.Equal(1.0 / 28, f.EdgeEnergy, Tolerance);
        Assert.Equal(0.5, f.CentroidX, Tolerance);
        Assert.Equal((6.5 + 0.5) / 28, f.CentroidY, Tolerance);
    }

    [Fact]
    public void Thresholds_split_dark_and_bright_where_documented()
    {
        byte[] pixels = [ImageStatistics.DarkBelow - 1, ImageStatistics.DarkBelow, ImageStatistics.BrightFrom - 1, ImageStatistics.BrightFrom];

        var f = ImageStatistics.Compute(pixels, 1, 4);

        Assert.Equal(0.25, f.DarkFraction);
        Assert.Equal(0.25, f.BrightFraction);
        Assert.Equal(2.0 / 8, f.Entropy, Tolerance); // four distinct values: 2 bits
    }

    [Fact]
    public void Values_are_written_in_the_order_of_the_names()
    {
        var f = new ImageFeatures(1, 2, 3, 4, 5, 6, 7, 8);
        var doubles = new double[ImageFeatures.Count];
        var floats = new float[ImageFeatures.Count];

        f.CopyTo(doubles);
        f.CopyTo(floats);

        Assert.Equal(ImageFeatures.Count, ImageFeatures.Names.Count);
        Assert.Equal(ImageFeatures.Names.Count, ImageFeatures.Names.Distinct().Count());
        Assert.Equal("mean_intensity", ImageFeatures.Names[0]);
        Assert.Equal("centroid_y", ImageFeatures.Names[^1]);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], doubles);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], floats);
        Assert.Equal(doubles, f.ToArray());
    }

    [Fact]
    public void All_images_of_a_set_get_the_same_features_as_one_at_a_time()
    {
        var images = IdxFiles.RandomImages(5, 28, 28, seed: 20);
        var all = new double[5 * ImageFeatures.Count];

        ImageStatistics.ComputeAll(images, all);

        Assert.Equal(ImageStatistics.Compute(images.GetImage(3), 28, 28).ToArray(), all.AsSpan(3 * ImageFeatures.Count, ImageFeatures.Count).ToArray());
    }

    [Fact]
    public void Computing_features_allocates_nothing()
    {
        byte[] pixels = TestImages.Random(784, seed: 21);
        ImageStatistics.Compute(pixels, 28, 28);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            ImageStatistics.Compute(pixels, 28, 28);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void A_pixel_count_that_does_not_match_the_shape_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ImageStatistics.Compute(new byte[783], 28, 28));
        Assert.Throws<ArgumentException>(() => ImageStatistics.Compute(new byte[3 * 784], new ImageShape(3, 28, 28)));
    }
}
