using Mlops.Ingestion.Splitting;

namespace Mlops.Ingestion.Importing;

/// <summary>What every import is given besides its data: the dataset name, tags for the new version, and the split policy.</summary>
public sealed record ImportSettings(string Name, IReadOnlyList<string> Tags, SplitRatios Ratios);
