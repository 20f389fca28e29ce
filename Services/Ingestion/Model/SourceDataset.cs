using Mlops.Imaging;

namespace Mlops.Ingestion.Model;

/// <summary>Images as read from a source, before splitting: training data and, when the source has one, a test split.</summary>
/// <param name="Source">Where the data came from, for people (not part of the version id).</param>
public sealed record SourceDataset(
    ImageShape Shape,
    IReadOnlyList<string> ClassNames,
    LabelledImages Train,
    LabelledImages? Test,
    string Source);
