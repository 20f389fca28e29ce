using Mlops.Statistics;

namespace Mlops.Imaging;

/// <summary>
/// One corruption of a grey image for the robustness check: a kind and a strength in [0, 1], where 0
/// leaves the image unchanged and 1 is the strongest version the check uses. Given the same seed the
/// result is the same on every machine and .NET version.
/// </summary>
/// <remarks>
/// What strength s means for each kind:
/// <list type="bullet">
/// <item><see cref="PerturbationKind.Brightness"/>: adds round(s * 128) to every pixel, clamped at 255.</item>
/// <item><see cref="PerturbationKind.Contrast"/>: <c>v' = m + (v - m)(1 - s)</c> with m the image mean; at 1 the image is flat at its mean.</item>
/// <item><see cref="PerturbationKind.GaussianNoise"/>: adds independent N(0, (s * 64)^2) noise (a quarter of the range at 1), rounded and clamped; seeded.</item>
/// <item><see cref="PerturbationKind.Blur"/>: Gaussian blur with sigma = s * 2 pixels.</item>
/// <item><see cref="PerturbationKind.Rotation"/>: rotates by s * 90 degrees about the centre, bilinear, black corners; the seed picks clockwise or anticlockwise.</item>
/// <item><see cref="PerturbationKind.Occlusion"/>: a black rectangle of the image's aspect covering s * 50% of its area, placed uniformly at random inside the image by the seed.</item>
/// </list>
/// </remarks>
public readonly record struct Perturbation
{
    /// <summary>Creates a perturbation; <paramref name="strength"/> must be in [0, 1].</summary>
    public Perturbation(PerturbationKind kind, double strength)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown perturbation kind.");
        }

        if (!(strength >= 0 && strength <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "Perturbation strength must be in [0, 1].");
        }

        Kind = kind;
        Strength = strength;
    }

    /// <summary>What is done to the image.</summary>
    public PerturbationKind Kind { get; }

    /// <summary>How much, from 0 (nothing) to 1 (the strongest).</summary>
    public double Strength { get; }

    /// <summary>
    /// Writes the perturbed copy of the grey image <paramref name="source"/> (<paramref name="height"/> x
    /// <paramref name="width"/>) into <paramref name="destination"/>, which must not overlap it.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int height, int width, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (source.Length != height * width || destination.Length != source.Length)
        {
            throw new ArgumentException(
                $"A {height}x{width} image has {height * width} pixels; source has {source.Length}, destination {destination.Length}.");
        }

        if (source.Overlaps(destination))
        {
            throw new ArgumentException("Source and destination must be separate buffers.", nameof(destination));
        }

        if (Strength == 0)
        {
            source.CopyTo(destination);
            return;
        }

        var random = new SplitMix64(unchecked((ulong)seed));
        switch (Kind)
        {
            case PerturbationKind.Brightness:
                Brighten(source, destination, (int)Math.Round(Strength * 128));
                break;
            case PerturbationKind.Contrast:
                ReduceContrast(source, destination, 1 - Strength);
                break;
            case PerturbationKind.GaussianNoise:
                AddNoise(source, destination, Strength * 64, ref random);
                break;
            case PerturbationKind.Blur:
                GaussianBlur.Apply(source, destination, height, width, Strength * 2);
                break;
            case PerturbationKind.Rotation:
                double direction = (random.Next() & 1) == 0 ? 1 : -1;
                ImageRotation.Apply(source, destination, height, width, direction * Strength * 90);
                break;
            case PerturbationKind.Occlusion:
                Occlude(source, destination, height, width, Strength * 0.5, ref random);
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}({Strength:0.###})";

    private static void Brighten(ReadOnlySpan<byte> source, Span<byte> destination, int shift)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (byte)Math.Min(255, source[i] + shift);
        }
    }

    private static void ReduceContrast(ReadOnlySpan<byte> source, Span<byte> destination, double keep)
    {
        long sum = 0;
        foreach (byte v in source)
        {
            sum += v;
        }

        double mean = (double)sum / source.Length;
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (byte)Math.Clamp((int)Math.Round(mean + ((source[i] - mean) * keep)), 0, 255);
        }
    }

    private static void AddNoise(ReadOnlySpan<byte> source, Span<byte> destination, double sigma, ref SplitMix64 random)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (byte)Math.Clamp((int)Math.Round(source[i] + (sigma * random.NextGaussian())), 0, 255);
        }
    }

    private static void Occlude(ReadOnlySpan<byte> source, Span<byte> destination, int height, int width, double area, ref SplitMix64 random)
    {
        source.CopyTo(destination);
        int patchHeight = (int)Math.Round(height * Math.Sqrt(area));
        int patchWidth = (int)Math.Round(width * Math.Sqrt(area));
        int top = (int)(random.NextDouble() * (height - patchHeight + 1));
        int left = (int)(random.NextDouble() * (width - patchWidth + 1));
        for (int y = top; y < top + patchHeight; y++)
        {
            destination.Slice((y * width) + left, patchWidth).Clear();
        }
    }
}
