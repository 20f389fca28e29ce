using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.Versioning;
using Mlops.Storage;

namespace Mlops.Ingestion.Retention;

/// <summary>What a collection removed (or, on a dry run, would remove).</summary>
public sealed record CollectedBlobs(IReadOnlyList<string> RemovedSha256, long FreedBytes);

/// <summary>
/// Deletes the blobs no recorded version refers to: those of deleted versions, and those an import stored before it
/// crashed (blobs first, row last). It runs under the <see cref="BlobWriteGate"/>, so no write of this process is
/// between its blobs and its row meanwhile. A manifest that cannot be read keeps every blob (nothing is deleted on a guess).
/// </summary>
public sealed class OrphanBlobCollector(IBlobStore blobs, IDatasetRepository repository, BlobWriteGate gate)
{
    public async Task<CollectedBlobs> CollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        using var collecting = await gate.EnterCollectionAsync(cancellationToken);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, refs) in repository.AllBlobRefs())
        {
            var manifest = VersionManifest.Parse(await blobs.ReadAllAsync(refs.ManifestSha256, cancellationToken));
            referenced.UnionWith(manifest.BlobsWith(refs));
        }

        var removed = new List<string>();
        long freed = 0;
        foreach (var sha256 in await blobs.EnumerateAsync(cancellationToken).ToListAsync(cancellationToken))
        {
            if (referenced.Contains(sha256))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var size = await blobs.SizeOfAsync(sha256, cancellationToken);
            if (dryRun || await blobs.DeleteAsync(sha256, cancellationToken))
            {
                removed.Add(sha256);
                freed += size;
            }
        }

        return new CollectedBlobs(removed, freed);
    }
}
