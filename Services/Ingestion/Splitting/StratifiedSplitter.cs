using Mlops.Ingestion.Model;
using Mlops.Statistics;

namespace Mlops.Ingestion.Splitting;

/// <summary>
/// Splits a source into train, validation and test, class by class. An explicit test split is kept as it
/// is. From each class of the training data, round(n x fraction) images (half away from zero) are drawn
/// for test (only without an explicit test split) and then for validation, by a Fisher-Yates shuffle of the
/// class's indices; one generator seeded with the policy's seed serves the classes in label order. Every split
/// keeps the source order of its images.
/// </summary>
public static class StratifiedSplitter
{
    private const byte ToTrain = 0;
    private const byte ToValidation = 1;
    private const byte ToTest = 2;

    /// <summary>Splits <paramref name="source"/>, whose training arrays are reused for the train split (the source is spent).</summary>
    public static DatasetContent Split(SourceDataset source, SplitRatios ratios)
    {
        ratios.Validate(source.Test is not null);
        var train = source.Train;
        var assignment = Assign(train.Labels.Span, source.ClassNames.Count, ratios, drawTest: source.Test is null);
        var validation = train.Copy(assignment, ToValidation);
        var test = source.Test ?? train.Copy(assignment, ToTest);
        var kept = train.CompactInPlace(assignment, ToTrain);
        return new DatasetContent(source.Shape, source.ClassNames, kept, validation, test);
    }

    /// <summary>Which split each training image goes to (0 train, 1 validation, 2 test).</summary>
    internal static byte[] Assign(ReadOnlySpan<byte> labels, int classCount, SplitRatios ratios, bool drawTest)
    {
        var byClass = new List<int>[classCount];
        for (int c = 0; c < classCount; c++)
        {
            byClass[c] = [];
        }

        for (int i = 0; i < labels.Length; i++)
        {
            byClass[labels[i]].Add(i);
        }

        var assignment = new byte[labels.Length];
        var random = new SplitMix64(unchecked((ulong)(long)ratios.Seed));
        foreach (var indices in byClass)
        {
            int n = indices.Count;
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)random.NextBelow((ulong)(i + 1));
                (indices[i], indices[j]) = (indices[j], indices[i]);
            }

            int testTake = drawTest ? Take(n, ratios.TestFraction) : 0;
            int validationTake = Math.Min(Take(n, ratios.ValidationFraction), n - testTake);
            for (int k = 0; k < testTake; k++)
            {
                assignment[indices[k]] = ToTest;
            }

            for (int k = testTake; k < testTake + validationTake; k++)
            {
                assignment[indices[k]] = ToValidation;
            }
        }

        return assignment;
    }

    private static int Take(int count, double fraction) => (int)Math.Round(count * fraction, MidpointRounding.AwayFromZero);
}
