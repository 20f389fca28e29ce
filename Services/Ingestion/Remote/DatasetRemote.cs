using System.Text;
using Google.Protobuf;
using Mlops.Imaging;
using Mlops.Ingestion.Events;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Reading;
using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.Retention;
using Mlops.Ingestion.V1;
using Mlops.Ingestion.Versioning;
using Mlops.Storage;

namespace Mlops.Ingestion.Remote;

/// <summary>
/// Moves versions between this service's store and the remote by id, like dvc push/pull. Blobs are copied hash-checked
/// (a damaged copy is refused, not stored); the record comes last on either side, so a version is visible in the remote only
/// once all its blobs are there, and here only once all its blobs are here. Blobs already present are not copied again.
/// </summary>
public sealed class DatasetRemote(
    IBlobStore local, IDatasetRepository repository, VersionReader reader, IEnumerable<IDatasetVersionListener> listeners, RemoteStore? remote,
    BlobWriteGate? gate = null)
{
    public async Task<DatasetTransferResult> PushAsync(string reference, CancellationToken cancellationToken)
    {
        var store = Configured();
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new DatasetRemoteException(RemoteFailure.InvalidArgument, "Name the version to push: its id, or name, name@latest or name@tag.");
        }

        var version = repository.Find(reference)
            ?? throw new DatasetRemoteException(RemoteFailure.NotFound, $"No dataset version '{reference}' is stored here; `mlops data list` shows them.");
        var refs = repository.BlobsOf(version.Id)!;
        var manifest = await reader.ManifestAsync(version.Id, cancellationToken)
            ?? throw new DatasetRemoteException(RemoteFailure.NotFound, $"Version {version.Id} has no manifest here.");
        var (copied, bytes) = await CopyAsync(store.Blobs, local, manifest.BlobsWith(refs), cancellationToken);
        var record = new RemoteVersionRecord { Version = version, ManifestSha256 = refs.ManifestSha256, ProfileSha256 = refs.ProfileSha256 };
        await store.Records.PutAsync(RemoteStore.RecordName(version.Id), Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(record)), cancellationToken);
        return new DatasetTransferResult(version, copied, manifest.BlobsWith(refs).Count, bytes, store.Blobs.Location);
    }

    public async Task<DatasetTransferResult> PullAsync(string datasetVersionId, CancellationToken cancellationToken)
    {
        var store = Configured();
        var id = datasetVersionId.Trim().ToLowerInvariant();
        if (!Sha256Hex.IsValid(id))
        {
            throw new DatasetRemoteException(RemoteFailure.InvalidArgument, $"'{datasetVersionId}' is not a version id: pull takes the full id (64 hexadecimal digits) that push printed.");
        }

        var recordBytes = await store.Records.GetAsync(RemoteStore.RecordName(id), cancellationToken)
            ?? throw new DatasetRemoteException(RemoteFailure.NotFound, $"The remote {store.Blobs.Location} has no version {id}; push it first (`mlops data push {id}`).");
        var record = RemoteVersionRecord.Parser.ParseJson(Encoding.UTF8.GetString(recordBytes));
        if (record.Version?.Id != id || record.ManifestSha256 != id)
        {
            throw new DatasetRemoteException(RemoteFailure.Corrupted, $"The remote's record of version {id} describes another version; push the version again.");
        }

        var refs = new VersionBlobRefs(record.ManifestSha256, record.ProfileSha256);
        using var writing = gate is null ? null : await gate.EnterWriteAsync(cancellationToken);
        var (copied, bytes) = await CopyAsync(local, store.Blobs, [refs.ManifestSha256], cancellationToken);
        var manifest = VersionManifest.Parse(await local.ReadAllAsync(refs.ManifestSha256, cancellationToken));
        var blobs = manifest.BlobsWith(refs);
        var (rest, restBytes) = await CopyAsync(local, store.Blobs, blobs, cancellationToken);
        if (repository.Insert(ToNewVersion(record)))
        {
            foreach (var listener in listeners)
            {
                listener.OnCreated(repository.Find(id)!);
            }
        }

        return new DatasetTransferResult(repository.Find(id)!, copied + rest, blobs.Count, bytes + restBytes, store.Blobs.Location);
    }

    private RemoteStore Configured() => remote ?? throw new DatasetRemoteException(RemoteFailure.NotConfigured,
        $"No remote is configured on the ingestion service: set {RemoteStore.Section}:Kind=s3 and {RemoteStore.Section}:S3:ServiceUrl, Bucket, AccessKey and SecretKey (docs/storage.md).");

    private static async Task<(int Copied, long Bytes)> CopyAsync(IBlobStore destination, IBlobStore source, IEnumerable<string> blobs, CancellationToken cancellationToken)
    {
        var (copied, bytes) = (0, 0L);
        foreach (var sha256 in blobs.Distinct())
        {
            if (await destination.ExistsAsync(sha256, cancellationToken))
            {
                continue;
            }

            try
            {
                await using var content = await source.OpenReadAsync(sha256, cancellationToken);
                bytes += (await destination.PutAsync(content, sha256, cancellationToken)).SizeBytes;
                copied++;
            }
            catch (ContentHashMismatchException mismatch)
            {
                throw new DatasetRemoteException(RemoteFailure.Corrupted,
                    $"Blob {sha256} in {source.Location} is damaged (its bytes hash to {mismatch.Actual}); nothing was copied in its place. Push the version again from a good copy.", mismatch);
            }
            catch (FileNotFoundException missing)
            {
                throw new DatasetRemoteException(RemoteFailure.Corrupted, $"Blob {sha256} is missing from {source.Location}; push the version again from a complete copy.", missing);
            }
        }

        return (copied, bytes);
    }

    private static NewVersion ToNewVersion(RemoteVersionRecord record)
    {
        var version = record.Version;
        var counts = version.Splits.ToDictionary(
            split => (DatasetSplit)(int)split.Split,
            split =>
            {
                var perClass = new long[version.ClassNames.Count];
                foreach (var entry in split.Classes)
                {
                    perClass[entry.Label] = entry.Count;
                }

                return (IReadOnlyList<long>)perClass;
            });
        return new NewVersion(
            version.Id, version.Name, version.CreatedAt.ToDateTimeOffset(), version.Source,
            new ImageShape(version.Shape.Channels, version.Shape.Height, version.Shape.Width), [.. version.ClassNames],
            record.ManifestSha256, record.ProfileSha256, version.SizeBytes, counts, [.. version.Tags]);
    }
}
