namespace Mlops.Registry.Model;

/// <summary>A stored blob as the registry describes it; <see cref="RunId"/> is empty when it came with no run.</summary>
public sealed record ArtifactEntry(string Sha256, string Name, string MediaType, long SizeBytes, string RunId = "");

/// <summary>What an upload says about the bytes that follow; empty texts mean "not given".</summary>
public sealed record ArtifactUpload(string Name = "", string MediaType = "", string RunId = "", string ExpectedSha256 = "");

/// <summary>The blobs a garbage collection removed (or would remove, on a dry run) and the bytes that freed.</summary>
public sealed record GarbageCollected(IReadOnlyList<string> RemovedSha256, long FreedBytes);
