using System.Buffers;
using System.Collections.Concurrent;
using Mlops.Imaging;
using Mlops.Ingestion.Model;
using Mlops.Statistics;

namespace Mlops.Ingestion.Profiles;

/// <summary>
/// Computes the reference profile drift monitoring compares live traffic with: per split, the images per
/// class and, for every <see cref="ImageFeatures"/> feature, count, mean, standard deviation, range,
/// 101 exact quantiles, an equal-width histogram over [min(0, smallest), max(1, largest)] and a seeded
/// reservoir sample. Colour images are profiled on the mean of their channels.
/// </summary>
public static class ProfileBuilder
{
    private const int QuantileCount = 101;
    private const int ImagesPerTask = 2048;

    public static IReadOnlyList<SplitProfileData> Build(DatasetContent content, ProfileOptions options) =>
        [.. DatasetSplits.All.Select(split => BuildSplit(split, content[split], content.ClassNames.Count, options))];

    private static SplitProfileData BuildSplit(DatasetSplit split, LabelledImages images, int classCount, ProfileOptions options)
    {
        var counts = images.CountPerClass(classCount);
        if (images.Count == 0)
        {
            return new SplitProfileData(split, counts, []);
        }

        var values = ComputeFeatures(images);
        var column = new double[images.Count];
        var features = new List<FeatureProfile>(ImageFeatures.Count);
        for (int f = 0; f < ImageFeatures.Count; f++)
        {
            for (int i = 0; i < column.Length; i++)
            {
                column[i] = values[(i * ImageFeatures.Count) + f];
            }

            features.Add(Summarise(ImageFeatures.Names[f], column, options));
        }

        return new SplitProfileData(split, counts, features);
    }

    private static FeatureProfile Summarise(string name, double[] column, ProfileOptions options)
    {
        var quantiles = SampleQuantiles.Compute(column, Probabilities);
        var builder = new FeatureSummaryBuilder(new FeatureSummaryOptions(Math.Min(0, quantiles[0]), Math.Max(1, quantiles[^1]))
        {
            HistogramBins = options.HistogramBins,
            ReservoirCapacity = options.ReservoirCapacity,
            ReservoirSeed = options.ReservoirSeed,
        });
        builder.AddRange(column);
        return new FeatureProfile(name, builder.Build(), quantiles);
    }

    /// <summary>The features of every image, image after image, in <see cref="ImageFeatures.Names"/> order.</summary>
    internal static double[] ComputeFeatures(LabelledImages images)
    {
        var values = new double[images.Count * ImageFeatures.Count];
        var shape = images.Shape;
        Parallel.ForEach(Partitioner.Create(0, images.Count, ImagesPerTask), range =>
        {
            var grey = shape.Channels == 1 ? null : ArrayPool<byte>.Shared.Rent(shape.Height * shape.Width);
            try
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    var pixels = grey is null ? images.Image(i) : MeanOfChannels(images.Image(i), shape, grey);
                    ImageStatistics.Compute(pixels, shape.Height, shape.Width)
                        .CopyTo(values.AsSpan(i * ImageFeatures.Count, ImageFeatures.Count));
                }
            }
            finally
            {
                if (grey is not null)
                {
                    ArrayPool<byte>.Shared.Return(grey);
                }
            }
        });
        return values;
    }

    private static ReadOnlySpan<byte> MeanOfChannels(ReadOnlySpan<byte> image, ImageShape shape, byte[] grey)
    {
        int plane = shape.Height * shape.Width;
        for (int p = 0; p < plane; p++)
        {
            int sum = 0;
            for (int c = 0; c < shape.Channels; c++)
            {
                sum += image[(c * plane) + p];
            }

            grey[p] = (byte)((sum + (shape.Channels / 2)) / shape.Channels);
        }

        return grey.AsSpan(0, plane);
    }

    private static readonly double[] Probabilities = [.. Enumerable.Range(0, QuantileCount).Select(k => k / 100.0)];
}
