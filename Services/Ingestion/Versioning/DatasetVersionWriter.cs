using Google.Protobuf;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Profiles;
using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.Retention;
using Mlops.Storage;

namespace Mlops.Ingestion.Versioning;

/// <summary>
/// Stores a version: hashes each split's pixels and labels, derives the id from the manifest, and when that
/// id is new writes the blobs (content-addressed, temp file then rename), the profile, the manifest last, and
/// finally the metadata row in one SQLite transaction. A version is visible only through its row, so a
/// failure at any step leaves nothing a reader can see (at worst unreferenced blobs).
/// </summary>
public sealed class DatasetVersionWriter(IBlobStore blobs, IDatasetRepository repository, TimeProvider time, BlobWriteGate? gate = null)
{
    public async Task<StoredVersion> StoreAsync(DatasetContent content, VersionMetadata metadata, ProfileOptions profileOptions, CancellationToken cancellationToken)
    {
        // Held from the first blob to the row: a garbage collection would see the blobs unreferenced in between.
        using var writing = gate is null ? null : await gate.EnterWriteAsync(cancellationToken);
        var (manifest, manifestBytes) = Describe(content);
        var id = Sha256Hex.Of(manifestBytes);
        if (repository.Exists(id))
        {
            repository.AddTags(id, metadata.Tags);
            return new StoredVersion(repository.Find(id)!, Created: false);
        }

        var profile = ProfileMessages.ToMessage(id, ProfileBuilder.Build(content, profileOptions), content.ClassNames).ToByteArray();
        long size = 0;
        foreach (var split in manifest.Splits)
        {
            size += await PutAsync(content[split.Split].Pixels, split.PixelsSha256, cancellationToken);
            size += await PutAsync(content[split.Split].Labels, split.LabelsSha256, cancellationToken);
        }

        var profileBlob = await blobs.PutAsync(profile, cancellationToken);
        size += profileBlob.SizeBytes;
        size += await PutAsync(manifestBytes, id, cancellationToken);

        var created = repository.Insert(new NewVersion(
            id, metadata.Name, time.GetUtcNow(), metadata.Source, content.Shape, content.ClassNames, id, profileBlob.Sha256, size,
            DatasetSplits.All.ToDictionary(split => split, split => (IReadOnlyList<long>)content[split].CountPerClass(content.ClassNames.Count)),
            metadata.Tags));
        if (!created)
        {
            repository.AddTags(id, metadata.Tags);
        }

        return new StoredVersion(repository.Find(id)!, created);
    }

    /// <summary>The manifest of <paramref name="content"/> and its canonical bytes; the four-plus hashes run in parallel.</summary>
    public static (VersionManifest Manifest, byte[] Bytes) Describe(DatasetContent content)
    {
        var splits = DatasetSplits.All.ToArray();
        var hashes = new string[splits.Length * 2];
        Parallel.For(0, hashes.Length, i =>
        {
            var images = content[splits[i / 2]];
            hashes[i] = Sha256Hex.Of(i % 2 == 0 ? images.Pixels.Span : images.Labels.Span);
        });
        var manifest = new VersionManifest(content.Shape, content.ClassNames,
            [.. splits.Select((split, i) => new SplitBlobs(split, content[split].Count, hashes[2 * i], hashes[(2 * i) + 1]))]);
        return (manifest, manifest.ToCanonicalJson());
    }

    private async Task<long> PutAsync(ReadOnlyMemory<byte> bytes, string sha256, CancellationToken cancellationToken)
    {
        if (!await blobs.ExistsAsync(sha256, cancellationToken))
        {
            await using var stream = MemoryStreams.Over(bytes);
            await blobs.PutAsync(stream, sha256, cancellationToken);
        }

        return bytes.Length;
    }
}
