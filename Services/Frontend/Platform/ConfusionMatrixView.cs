using Mlops.Registry.V1;

namespace Mlops.Frontend.Platform;

/// <summary>A confusion matrix (rows: true class, columns: predicted) with per-class accuracy and a cell shade for the heat map.</summary>
public sealed class ConfusionMatrixView
{
    private readonly long[] counts;

    public ConfusionMatrixView(ConfusionMatrix matrix)
    {
        ClassNames = matrix.ClassNames.ToList();
        counts = matrix.Counts.ToArray();
        if (counts.Length != ClassNames.Count * ClassNames.Count)
        {
            throw new ArgumentException($"A {ClassNames.Count}-class confusion matrix has {ClassNames.Count * ClassNames.Count} counts, not {counts.Length}.", nameof(matrix));
        }

        Max = counts.Length == 0 ? 0 : counts.Max();
    }

    public IReadOnlyList<string> ClassNames { get; }

    public long Max { get; }

    public long this[int actual, int predicted] => counts[(actual * ClassNames.Count) + predicted];

    /// <summary>Correct predictions of a class over the images of that class.</summary>
    public double ClassAccuracy(int actual)
    {
        long total = 0;
        for (var predicted = 0; predicted < ClassNames.Count; predicted++)
        {
            total += this[actual, predicted];
        }

        return total == 0 ? 0 : (double)this[actual, actual] / total;
    }

    /// <summary>0 (empty cell) to 1 (the fullest cell), for the cell's colour.</summary>
    public double Intensity(int actual, int predicted) => Max == 0 ? 0 : (double)this[actual, predicted] / Max;
}
