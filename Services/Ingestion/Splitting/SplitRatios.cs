using Mlops.Ingestion.Importing;

namespace Mlops.Ingestion.Splitting;

/// <summary>
/// How much of the training data becomes validation (always) and test (only when the source has no test
/// split of its own), and the seed that decides which images.
/// </summary>
public sealed record SplitRatios(double ValidationFraction, double TestFraction, int Seed)
{
    /// <summary>Used when a request gives no split policy.</summary>
    public static SplitRatios Default { get; } = new(0.1, 0.1, 0);

    public void Validate(bool sourceHasTest)
    {
        foreach (var (name, value) in new[] { ("validation", ValidationFraction), ("test", TestFraction) })
        {
            if (!double.IsFinite(value) || value < 0 || value >= 1)
            {
                throw DatasetImportException.Invalid($"The {name} fraction must lie in [0, 1); {value} was given.");
            }
        }

        var taken = ValidationFraction + (sourceHasTest ? 0 : TestFraction);
        if (taken >= 1)
        {
            throw DatasetImportException.Invalid(
                $"Validation ({ValidationFraction}) and test ({TestFraction}) fractions add up to {taken}; they must leave some training data.");
        }
    }
}
