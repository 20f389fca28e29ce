namespace Mlops.Storage;

/// <summary>
/// Which store holds a service's blobs, bound from the <see cref="Section"/> configuration section, the same in every service:
/// <c>Storage:Blobs:Kind</c> is <c>disk</c> (the default: a folder under the data root) or <c>s3</c> (a bucket, <see cref="S3"/>).
/// </summary>
public sealed class BlobStoreSettings
{
    public const string Section = "Storage:Blobs";
    public const string DiskKind = "disk";
    public const string S3Kind = "s3";

    public string Kind { get; set; } = DiskKind;

    public S3Settings S3 { get; set; } = new();

    /// <summary>
    /// The store for the blobs a service keeps in <paramref name="folder"/> (relative to the data root, e.g. "registry/artifacts"):
    /// that folder on disk, or the same path under the bucket's prefix.
    /// </summary>
    public IBlobStore Create(DataRoot dataRoot, string folder) => Kind.Trim().ToLowerInvariant() switch
    {
        DiskKind or "" => new ContentAddressedStore(Path.Combine(dataRoot.Path, folder)),
        S3Kind => new S3BlobStore(S3.Connect(), S3.Bucket, S3Settings.Join(S3.Prefix, folder)),
        _ => throw new InvalidOperationException($"{Section}:Kind is '{Kind}'; it must be '{DiskKind}' or '{S3Kind}'."),
    };
}
