namespace Mlops.Ingestion.Model;

/// <summary>The three splits of a dataset version; the values match mlops.common.v1.Split.</summary>
public enum DatasetSplit
{
    Train = 1,
    Validation = 2,
    Test = 3,
}

public static class DatasetSplits
{
    /// <summary>Every split, in the order a version stores them.</summary>
    public static IReadOnlyList<DatasetSplit> All { get; } = [DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test];

    /// <summary>The lower-case name used in manifests and exported file names.</summary>
    public static string NameOf(DatasetSplit split) => split switch
    {
        DatasetSplit.Train => "train",
        DatasetSplit.Validation => "validation",
        DatasetSplit.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Not a dataset split."),
    };

    public static DatasetSplit Parse(string name) => name switch
    {
        "train" => DatasetSplit.Train,
        "validation" => DatasetSplit.Validation,
        "test" => DatasetSplit.Test,
        _ => throw new FormatException($"'{name}' is not a split name."),
    };
}
