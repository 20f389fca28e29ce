using Mlops.Ingestion.Model;
using Mlops.Statistics;

namespace Mlops.Ingestion.Profiles;

/// <summary>One image feature of one split: its one-pass summary and exact quantiles at 0, 0.01, ..., 1.</summary>
public sealed record FeatureProfile(string Name, FeatureSummary Summary, IReadOnlyList<double> Quantiles);

/// <summary>The reference profile of one split: images per class and a summary of every image feature.</summary>
public sealed record SplitProfileData(DatasetSplit Split, IReadOnlyList<long> ClassCounts, IReadOnlyList<FeatureProfile> Features);
