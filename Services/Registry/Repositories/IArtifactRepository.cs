using Mlops.Registry.Model;

namespace Mlops.Registry.Repositories;

/// <summary>What the registry knows about stored blobs: name, media type, the run they came with, when they arrived.</summary>
public interface IArtifactRepository
{
    /// <summary>Records an artifact; the first record of a sha256 keeps its name.</summary>
    void Add(ArtifactEntry artifact, DateTimeOffset createdAt);

    ArtifactEntry? Find(string sha256);

    void AttachToRun(string runId, string sha256);

    void DetachFromRun(string runId, string sha256);

    /// <summary>Every recorded artifact with the time it arrived.</summary>
    IReadOnlyList<(ArtifactEntry Artifact, DateTimeOffset CreatedAt)> List();

    /// <summary>The sha256 of every artifact a run or a version that is not archived refers to.</summary>
    IReadOnlySet<string> Referenced();

    void Delete(string sha256);
}
