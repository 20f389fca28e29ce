namespace Mlops.Ingestion.Versioning;

/// <summary>What a version is called and where it came from: recorded beside the content, not part of its id.</summary>
public sealed record VersionMetadata(string Name, string Source, IReadOnlyList<string> Tags);
