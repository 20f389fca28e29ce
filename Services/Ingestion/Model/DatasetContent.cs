using Mlops.Imaging;

namespace Mlops.Ingestion.Model;

/// <summary>The normalised content of a dataset version: what its id is the hash of.</summary>
public sealed record DatasetContent(
    ImageShape Shape,
    IReadOnlyList<string> ClassNames,
    LabelledImages Train,
    LabelledImages Validation,
    LabelledImages Test)
{
    public LabelledImages this[DatasetSplit split] => split switch
    {
        DatasetSplit.Train => Train,
        DatasetSplit.Validation => Validation,
        DatasetSplit.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Not a dataset split."),
    };
}
