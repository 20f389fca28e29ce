using Mlops.Modeling;

namespace Mlops.Training.Jobs;

public enum DataSplit
{
    Train,
    Validation,
    Test,
}

/// <summary>A dataset version as training needs it: its dataset version id, class names, image shape and split sizes.</summary>
public sealed record DatasetInfo(
    string DatasetVersionId, string Name, IReadOnlyList<string> ClassNames, int Channels, int Height, int Width,
    IReadOnlyDictionary<DataSplit, long> SplitCounts)
{
    public long Count(DataSplit split) => SplitCounts.GetValueOrDefault(split);
}

/// <summary>No dataset version answers to the reference.</summary>
public sealed class DatasetNotFoundException(string message) : Exception(message);

/// <summary>Where datasets come from (the Ingestion service).</summary>
public interface IDatasetCatalog
{
    /// <exception cref="DatasetNotFoundException">Nothing answers to <paramref name="reference"/>.</exception>
    Task<DatasetInfo> ResolveAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Every image of one split, in stored order.</summary>
    Task<LabeledImages> LoadSplitAsync(DatasetInfo dataset, DataSplit split, CancellationToken cancellationToken);
}
