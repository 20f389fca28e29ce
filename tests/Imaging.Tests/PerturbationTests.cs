namespace Mlops.Imaging.Tests;

public class PerturbationTests
{
    private static readonly byte[] Garment = LoadGarment();

    public static TheoryData<PerturbationKind> Kinds() => new(Enum.GetValues<PerturbationKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Strength_zero_leaves_the_image_unchanged(PerturbationKind kind)
    {
        Assert.Equal(Garment, Apply(new Perturbation(kind, 0), Garment, seed: 1));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_same_seed_gives_the_same_image(PerturbationKind kind)
    {
        var perturbation = new Perturbation(kind, 0.6);

        Assert.Equal(Apply(perturbation, Garment, seed: 42), Apply(perturbation, Garment, seed: 42));
        Assert.NotEqual(Garment, Apply(perturbation, Garment, seed: 42));
    }

    [Theory]
    [InlineData(PerturbationKind.GaussianNoise)]
    [InlineData(PerturbationKind.Occlusion)]
    public void Random_kinds_vary_with_the_seed(PerturbationKind kind)
    {
        var perturbation = new Perturbation(kind, 0.5);

        int distinct = Enumerable.Range(0, 10)
            .Select(seed => Convert.ToHexString(Apply(perturbation, Garment, seed)))
            .Distinct()
            .Count();

        Assert.True(distinct >= 8, $"10 seeds gave only {distinct} different images");
    }

    [Fact]
    public void Brightness_raises_the_mean_by_the_documented_shift()
    {
        var before = Features(Garment);
        var after = Features(Apply(new Perturbation(PerturbationKind.Brightness, 0.5), Garment, seed: 0));

        Assert.True(after.MeanIntensity > before.MeanIntensity);
        Assert.True(after.DarkFraction < before.DarkFraction);
        byte[] black = Apply(new Perturbation(PerturbationKind.Brightness, 1), TestImages.Filled(28, 28, 0), seed: 0);
        Assert.All(black, v => Assert.Equal(128, v));
    }

    [Fact]
    public void Contrast_lowers_the_spread_and_at_full_strength_flattens_the_image()
    {
        var before = Features(Garment);
        var half = Features(Apply(new Perturbation(PerturbationKind.Contrast, 0.5), Garment, seed: 0));
        var full = Features(Apply(new Perturbation(PerturbationKind.Contrast, 1), Garment, seed: 0));

        Assert.Equal(before.StdIntensity / 2, half.StdIntensity, 0.01);
        Assert.Equal(before.MeanIntensity, half.MeanIntensity, 0.005);
        Assert.True(full.StdIntensity < 0.002);
        Assert.True(full.EdgeEnergy < before.EdgeEnergy);
    }

    [Fact]
    public void Noise_raises_spread_and_entropy_more_with_more_strength()
    {
        byte[] grey = TestImages.Filled(28, 28, 128);

        var weak = Features(Apply(new Perturbation(PerturbationKind.GaussianNoise, 0.2), grey, seed: 3));
        var strong = Features(Apply(new Perturbation(PerturbationKind.GaussianNoise, 1), grey, seed: 3));

        Assert.InRange(weak.StdIntensity * 255, 0.2 * 64 * 0.85, 0.2 * 64 * 1.15);
        Assert.InRange(strong.StdIntensity * 255, 64 * 0.85, 64 * 1.15);
        Assert.True(strong.Entropy > weak.Entropy);
        Assert.True(weak.EdgeEnergy > 0);
    }

    [Fact]
    public void Blur_lowers_edge_energy_more_with_more_strength_and_keeps_the_mean()
    {
        var before = Features(Garment);
        var weak = Features(Apply(new Perturbation(PerturbationKind.Blur, 0.3), Garment, seed: 0));
        var strong = Features(Apply(new Perturbation(PerturbationKind.Blur, 1), Garment, seed: 0));

        Assert.True(weak.EdgeEnergy < before.EdgeEnergy);
        Assert.True(strong.EdgeEnergy < weak.EdgeEnergy);
        Assert.Equal(before.MeanIntensity, strong.MeanIntensity, 0.01);
    }

    [Fact]
    public void Full_rotation_turns_a_vertical_edge_into_a_horizontal_one()
    {
        byte[] rightHalf = TestImages.RightHalfWhite(28, 28);

        var rotated = Features(Apply(new Perturbation(PerturbationKind.Rotation, 1), rightHalf, seed: 5));

        Assert.Equal(0.5, rotated.CentroidX, 0.02);
        Assert.True(Math.Abs(rotated.CentroidY - 0.5) > 0.2, $"centroid y {rotated.CentroidY} should have moved to the top or bottom");
    }

    [Fact]
    public void Rotation_direction_depends_on_the_seed()
    {
        byte[] rightHalf = TestImages.RightHalfWhite(28, 28);
        var directions = Enumerable.Range(0, 16)
            .Select(seed => Features(Apply(new Perturbation(PerturbationKind.Rotation, 1), rightHalf, seed)).CentroidY > 0.5)
            .Distinct();

        Assert.Equal(2, directions.Count());
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(1.0)]
    public void Occlusion_blacks_out_the_documented_share_of_a_white_image(double strength)
    {
        int side = (int)Math.Round(28 * Math.Sqrt(strength * 0.5));

        var f = Features(Apply(new Perturbation(PerturbationKind.Occlusion, strength), TestImages.Filled(28, 28, 255), seed: 9));

        Assert.Equal(side * side / 784.0, f.DarkFraction, 1e-12);
        Assert.Equal(1 - (side * side / 784.0), f.MeanIntensity, 1e-12);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Strength_outside_zero_to_one_is_refused(double strength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Perturbation(PerturbationKind.Blur, strength));
    }

    [Fact]
    public void Overlapping_buffers_are_refused()
    {
        byte[] image = (byte[])Garment.Clone();

        Assert.Throws<ArgumentException>(() => new Perturbation(PerturbationKind.Blur, 0.5).Apply(image, image, 28, 28, 0));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Perturbing_a_28x28_image_allocates_nothing(PerturbationKind kind)
    {
        var perturbation = new Perturbation(kind, 0.7);
        var destination = new byte[784];
        perturbation.Apply(Garment, destination, 28, 28, 1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        perturbation.Apply(Garment, destination, 28, 28, 2);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static byte[] Apply(Perturbation perturbation, byte[] source, int seed)
    {
        var destination = new byte[source.Length];
        perturbation.Apply(source, destination, 28, 28, seed);
        return destination;
    }

    private static ImageFeatures Features(byte[] image) => ImageStatistics.Compute(image, 28, 28);

    private static byte[] LoadGarment()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist", FashionMnist.TrainImagesFile);
        return IdxReader.ReadImages(path).GetImage(0).ToArray();
    }
}
