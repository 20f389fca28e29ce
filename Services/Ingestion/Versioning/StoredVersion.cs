using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Versioning;

/// <summary>A version after an import; <see cref="Created"/> is false when identical content was already stored.</summary>
public sealed record StoredVersion(DatasetVersion Version, bool Created);
