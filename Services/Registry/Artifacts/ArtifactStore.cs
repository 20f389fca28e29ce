using Mlops.Registry.Model;
using Mlops.Registry.Repositories;
using Mlops.Registry.Runs;
using Mlops.Storage;

namespace Mlops.Registry.Artifacts;

/// <summary>
/// The registry's artifacts: blobs in the content-addressed store, described in the database, attached to runs.
/// Reads are hash-verified, so a blob that changed in storage (disk or bucket) is reported as data loss, never served.
/// </summary>
public sealed class ArtifactStore(IBlobStore blobs, IArtifactRepository artifacts, RunStore runs, TimeProvider clock)
{
    public const int ChunkSize = 64 * 1024;

    public async Task<ArtifactEntry> UploadAsync(ArtifactUpload header, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var expected = NormaliseSha256(header.ExpectedSha256, "expected_sha256");
        if (header.RunId.Length > 0)
        {
            runs.Get(header.RunId);
        }

        BlobInfo blob;
        await using (var content = new ChunkStream(chunks, cancellationToken))
        {
            try
            {
                blob = await blobs.PutAsync(content, expected, cancellationToken);
            }
            catch (ContentHashMismatchException mismatch)
            {
                throw RegistryException.DataLoss(
                    $"The uploaded bytes hash to sha256 {mismatch.Actual}, not the expected {mismatch.Expected}; nothing was stored. " +
                    "The upload was corrupted or the expected hash is wrong: upload again.", mismatch);
            }
        }

        var artifact = new ArtifactEntry(
            blob.Sha256,
            string.IsNullOrWhiteSpace(header.Name) ? blob.Sha256 : header.Name,
            string.IsNullOrWhiteSpace(header.MediaType) ? "application/octet-stream" : header.MediaType,
            blob.SizeBytes,
            header.RunId);
        artifacts.Add(artifact, clock.GetUtcNow());
        if (header.RunId.Length > 0)
        {
            artifacts.AttachToRun(header.RunId, blob.Sha256);
            runs.AttachArtifact(header.RunId, artifact);
        }

        return artifact;
    }

    /// <summary>Takes an artifact off a run; the blob stays until CollectGarbage finds nothing else refers to it.</summary>
    public ExperimentRun RemoveFromRun(string runId, string sha256)
    {
        var key = NormaliseSha256(sha256, "sha256") ?? throw RegistryException.InvalidArgument("Give the sha256 of the artifact to remove.");
        var run = runs.DetachArtifact(runId, key);
        artifacts.DetachFromRun(run.Id, key);
        return run;
    }

    /// <summary>Checks the whole blob against its hash, then opens it for streaming (the stream checks again as it goes).</summary>
    public async Task<Stream> OpenVerifiedAsync(string sha256, CancellationToken cancellationToken)
    {
        await ReadAllAsync(sha256, cancellationToken);
        return await blobs.OpenReadAsync(await NormalisedAsync(sha256, cancellationToken), cancellationToken);
    }

    /// <summary>The whole, hash-verified content of an artifact.</summary>
    public async Task<byte[]> ReadAllAsync(string sha256, CancellationToken cancellationToken)
    {
        var key = await NormalisedAsync(sha256, cancellationToken);
        try
        {
            return await blobs.ReadAllAsync(key, cancellationToken);
        }
        catch (ContentHashMismatchException mismatch)
        {
            throw RegistryException.DataLoss(
                $"Artifact {key} is corrupted in storage: its bytes now hash to {mismatch.Actual}. " +
                "It is not served; upload the original again (same content, same sha256) to repair it.", mismatch);
        }
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken) => blobs.ExistsAsync(sha256.ToLowerInvariant(), cancellationToken);

    /// <summary>Deletes every blob nothing refers to (no run, no version that is not archived) and older than <paramref name="minimumAge"/>.</summary>
    public async Task<GarbageCollected> CollectGarbageAsync(bool dryRun, TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var referenced = artifacts.Referenced();
        var cutoff = clock.GetUtcNow() - minimumAge;
        var recorded = artifacts.List().ToDictionary(entry => entry.Artifact.Sha256, entry => entry.CreatedAt, StringComparer.Ordinal);
        var removed = new List<string>();
        long freed = 0;
        var stored = await blobs.EnumerateAsync(cancellationToken).ToListAsync(cancellationToken);
        foreach (var sha256 in stored.Union(recorded.Keys).Order(StringComparer.Ordinal).ToList())
        {
            var arrived = recorded.TryGetValue(sha256, out var createdAt) ? createdAt : DateTimeOffset.MinValue;
            if (referenced.Contains(sha256) || arrived > cutoff)
            {
                continue;
            }

            var size = await blobs.ExistsAsync(sha256, cancellationToken) ? await blobs.SizeOfAsync(sha256, cancellationToken) : 0;
            if (!dryRun)
            {
                await blobs.DeleteAsync(sha256, cancellationToken);
                artifacts.Delete(sha256);
            }

            removed.Add(sha256);
            freed += size;
        }

        return new GarbageCollected(removed, freed);
    }

    private async Task<string> NormalisedAsync(string sha256, CancellationToken cancellationToken)
    {
        var key = NormaliseSha256(sha256, "sha256")
            ?? throw RegistryException.InvalidArgument("Give the sha256 of the artifact.");
        if (!await blobs.ExistsAsync(key, cancellationToken))
        {
            throw RegistryException.NotFound($"No artifact with sha256 {key}; upload it with UploadArtifact.");
        }

        return key;
    }

    private static string? NormaliseSha256(string value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var lower = value.Trim().ToLowerInvariant();
        return Sha256Hex.IsValid(lower)
            ? lower
            : throw RegistryException.InvalidArgument($"{field} '{value}' is not a sha256: it must be 64 hexadecimal digits.");
    }
}
