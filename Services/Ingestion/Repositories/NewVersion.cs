using Mlops.Imaging;
using Mlops.Ingestion.Model;

namespace Mlops.Ingestion.Repositories;

/// <summary>The metadata row of a version about to be recorded; its blobs are already stored.</summary>
public sealed record NewVersion(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    string Source,
    ImageShape Shape,
    IReadOnlyList<string> ClassNames,
    string ManifestSha256,
    string ProfileSha256,
    long SizeBytes,
    IReadOnlyDictionary<DatasetSplit, IReadOnlyList<long>> ClassCounts,
    IReadOnlyList<string> Tags);

/// <summary>The blobs a recorded version points to.</summary>
public sealed record VersionBlobRefs(string ManifestSha256, string ProfileSha256);
