using System.Collections.Concurrent;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.Versioning;
using Mlops.Storage;

namespace Mlops.Ingestion.Reading;

/// <summary>
/// Reads stored versions back: the manifest, a split's images and labels, the profile. Every blob is
/// hash-checked as it is read (a changed file throws <see cref="ContentHashMismatchException"/>); splits are
/// kept in a <see cref="SplitCache"/>.
/// </summary>
public sealed class VersionReader(IBlobStore blobs, IDatasetRepository repository, SplitCache cache)
{
    private readonly ConcurrentDictionary<string, VersionManifest> manifests = new();

    /// <summary>The manifest of version <paramref name="id"/> (a full id), or null when there is no such version.</summary>
    public async Task<VersionManifest?> ManifestAsync(string id, CancellationToken cancellationToken)
    {
        if (manifests.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (repository.BlobsOf(id) is not { } refs)
        {
            return null;
        }

        var manifest = VersionManifest.Parse(await ReadVerifiedAsync(refs.ManifestSha256, cancellationToken));
        return manifests.GetOrAdd(id, manifest);
    }

    public Task<LabelledImages> SplitAsync(VersionManifest manifest, DatasetSplit split, CancellationToken cancellationToken)
    {
        var blobsOfSplit = manifest[split];
        var size = (long)blobsOfSplit.Count * (manifest.Shape.PixelCount + 1);
        return cache.GetOrLoadAsync(blobsOfSplit.PixelsSha256 + blobsOfSplit.LabelsSha256, size, async () =>
        {
            var pixels = await ReadVerifiedAsync(blobsOfSplit.PixelsSha256, CancellationToken.None);
            var labels = await ReadVerifiedAsync(blobsOfSplit.LabelsSha256, CancellationToken.None);
            if (pixels.Length != (long)blobsOfSplit.Count * manifest.Shape.PixelCount || labels.Length != blobsOfSplit.Count)
            {
                throw new InvalidDataException($"The {DatasetSplits.NameOf(split)} blobs do not hold the {blobsOfSplit.Count} images the manifest lists.");
            }

            return new LabelledImages(manifest.Shape, pixels, labels, blobsOfSplit.Count);
        });
    }

    /// <summary>The stored profile (a serialised DatasetProfile), or null when there is no such version.</summary>
    public async Task<byte[]?> ProfileAsync(string id, CancellationToken cancellationToken) =>
        repository.BlobsOf(id) is { } refs ? await ReadVerifiedAsync(refs.ProfileSha256, cancellationToken) : null;

    private async Task<byte[]> ReadVerifiedAsync(string sha256, CancellationToken cancellationToken)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)await blobs.SizeOfAsync(sha256, cancellationToken)));
        await using var stream = await blobs.OpenReadAsync(sha256, cancellationToken);
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        // Reading past the end is what makes the stream compare the hash.
        if (await stream.ReadAsync(new byte[1], cancellationToken) != 0)
        {
            throw new InvalidDataException($"Blob {sha256} grew while it was read.");
        }

        return bytes;
    }
}
