using Mlops.Registry.Repositories;
using Mlops.Registry.Runs;
using Mlops.Registry.V1;
using Mlops.Storage;

namespace Mlops.Registry.Artifacts;

/// <summary>
/// The registry's artifacts: blobs in the content-addressed store, described in the database, attached to runs.
/// Reads are hash-verified, so a blob that changed on disk is reported as data loss, never served.
/// </summary>
public sealed class ArtifactStore(ContentAddressedStore blobs, IArtifactRepository artifacts, RunStore runs, TimeProvider clock)
{
    public const int ChunkSize = 64 * 1024;

    public async Task<Artifact> UploadAsync(ArtifactHeader header, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
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

        var artifact = new Artifact
        {
            Sha256 = blob.Sha256,
            Name = string.IsNullOrWhiteSpace(header.Name) ? blob.Sha256 : header.Name,
            MediaType = string.IsNullOrWhiteSpace(header.MediaType) ? "application/octet-stream" : header.MediaType,
            SizeBytes = blob.SizeBytes,
            RunId = header.RunId,
        };
        artifacts.Add(artifact, clock.GetUtcNow());
        if (header.RunId.Length > 0)
        {
            artifacts.AttachToRun(header.RunId, blob.Sha256);
            runs.AttachArtifact(header.RunId, artifact);
        }

        return artifact;
    }

    /// <summary>Checks the whole blob against its hash, then opens it for streaming (the stream checks again as it goes).</summary>
    public async Task<Stream> OpenVerifiedAsync(string sha256, CancellationToken cancellationToken)
    {
        await ReadAllAsync(sha256, cancellationToken);
        return blobs.OpenRead(Normalised(sha256));
    }

    /// <summary>The whole, hash-verified content of an artifact.</summary>
    public async Task<byte[]> ReadAllAsync(string sha256, CancellationToken cancellationToken)
    {
        var key = Normalised(sha256);
        try
        {
            return await blobs.ReadAllAsync(key, cancellationToken);
        }
        catch (ContentHashMismatchException mismatch)
        {
            throw RegistryException.DataLoss(
                $"Artifact {key} is corrupted on disk: its bytes now hash to {mismatch.Actual}. " +
                "It is not served; upload the original again (same content, same sha256) to repair it.", mismatch);
        }
    }

    public bool Exists(string sha256) => blobs.Exists(sha256.ToLowerInvariant());

    public long SizeOf(string sha256) => blobs.SizeOf(sha256.ToLowerInvariant());

    /// <summary>Deletes every blob nothing refers to (no run, no version that is not archived) and older than <paramref name="minimumAge"/>.</summary>
    public CollectGarbageResponse CollectGarbage(bool dryRun, TimeSpan minimumAge)
    {
        var referenced = artifacts.Referenced();
        var cutoff = clock.GetUtcNow() - minimumAge;
        var recorded = artifacts.List().ToDictionary(entry => entry.Artifact.Sha256, entry => entry.CreatedAt, StringComparer.Ordinal);
        var response = new CollectGarbageResponse();
        foreach (var sha256 in blobs.Enumerate().Union(recorded.Keys).Order(StringComparer.Ordinal).ToList())
        {
            var arrived = recorded.TryGetValue(sha256, out var createdAt) ? createdAt : DateTimeOffset.MinValue;
            if (referenced.Contains(sha256) || arrived > cutoff)
            {
                continue;
            }

            var size = blobs.Exists(sha256) ? blobs.SizeOf(sha256) : 0;
            if (!dryRun)
            {
                blobs.Delete(sha256);
                artifacts.Delete(sha256);
            }

            response.RemovedSha256.Add(sha256);
            response.FreedBytes += size;
        }

        return response;
    }

    private string Normalised(string sha256)
    {
        var key = NormaliseSha256(sha256, "sha256")
            ?? throw RegistryException.InvalidArgument("Give the sha256 of the artifact.");
        if (!blobs.Exists(key))
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
