namespace Mlops.Imaging;

/// <summary>
/// Summary features of one grey image, each a plain number that drift detection compares between a
/// reference dataset and live traffic. <see cref="Names"/> gives their stable order.
/// </summary>
/// <param name="MeanIntensity">Mean pixel value / 255, in [0, 1].</param>
/// <param name="StdIntensity">Population standard deviation of pixel values / 255, in [0, 0.5].</param>
/// <param name="DarkFraction">Fraction of pixels below <see cref="ImageStatistics.DarkBelow"/>.</param>
/// <param name="BrightFraction">Fraction of pixels at or above <see cref="ImageStatistics.BrightFrom"/> (near saturation).</param>
/// <param name="EdgeEnergy">
/// Mean gradient magnitude / 255 over all pixels, from forward differences to the right and down
/// neighbours (0 where there is none): 0 for a flat image, 1/W for one full-height black-to-white
/// vertical edge in an image W pixels wide.
/// </param>
/// <param name="Entropy">Shannon entropy of the 256-bin histogram in bits / 8, in [0, 1].</param>
/// <param name="CentroidX">Intensity-weighted centre of mass across, (x + 0.5) / W; 0.5 for an all-black image.</param>
/// <param name="CentroidY">Intensity-weighted centre of mass down, (y + 0.5) / H; 0.5 for an all-black image.</param>
public readonly record struct ImageFeatures(
    double MeanIntensity,
    double StdIntensity,
    double DarkFraction,
    double BrightFraction,
    double EdgeEnergy,
    double Entropy,
    double CentroidX,
    double CentroidY)
{
    /// <summary>Number of features.</summary>
    public const int Count = 8;

    /// <summary>Feature names, in the order <see cref="CopyTo(Span{double})"/> writes them. Never reordered.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "mean_intensity", "std_intensity", "dark_fraction", "bright_fraction",
        "edge_energy", "entropy", "centroid_x", "centroid_y",
    ];

    /// <summary>Writes the <see cref="Count"/> values in <see cref="Names"/> order.</summary>
    public void CopyTo(Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Count, nameof(destination));
        destination[0] = MeanIntensity;
        destination[1] = StdIntensity;
        destination[2] = DarkFraction;
        destination[3] = BrightFraction;
        destination[4] = EdgeEnergy;
        destination[5] = Entropy;
        destination[6] = CentroidX;
        destination[7] = CentroidY;
    }

    /// <summary>Writes the <see cref="Count"/> values in <see cref="Names"/> order as float32.</summary>
    public void CopyTo(Span<float> destination)
    {
        Span<double> values = stackalloc double[Count];
        CopyTo(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Count, nameof(destination));
        for (int i = 0; i < Count; i++)
        {
            destination[i] = (float)values[i];
        }
    }

    /// <summary>The values in <see cref="Names"/> order, in a new array.</summary>
    public double[] ToArray()
    {
        var values = new double[Count];
        CopyTo(values);
        return values;
    }
}
