using Microsoft.Extensions.Configuration;

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

    private string configuredSection = Section;

    public string Kind { get; set; } = DiskKind;

    public S3Settings S3 { get; set; } = new();

    /// <summary>For the disk kind: the folder that stands for the data root (e.g. a shared mount as a remote); empty means the data root.</summary>
    public string Path { get; set; } = "";

    /// <summary>The settings in <paramref name="configuration"/>'s <see cref="Section"/>; the disk store when the section is absent.</summary>
    public static BlobStoreSettings From(IConfiguration configuration, string section = Section)
    {
        var settings = configuration.GetSection(section).Get<BlobStoreSettings>() ?? new BlobStoreSettings();
        settings.configuredSection = section;
        return settings;
    }

    /// <summary>
    /// The store for the blobs a service keeps in <paramref name="folder"/> (relative to the data root, e.g. "registry/artifacts"):
    /// that folder on disk, or the same path under the bucket's prefix.
    /// </summary>
    public IBlobStore Create(DataRoot dataRoot, string folder) => IsS3()
        ? new S3BlobStore(S3.Connect(), S3.Bucket, S3Settings.Join(S3.Prefix, folder))
        : new ContentAddressedStore(System.IO.Path.Combine(RootOf(dataRoot), folder));

    /// <summary>Named documents in <paramref name="folder"/>, kept like <see cref="Create"/> keeps blobs.</summary>
    public IDocumentStore CreateDocuments(DataRoot dataRoot, string folder) => IsS3()
        ? new S3DocumentStore(S3.Connect(), S3.Bucket, S3Settings.Join(S3.Prefix, folder))
        : new DiskDocumentStore(System.IO.Path.Combine(RootOf(dataRoot), folder));

    private string RootOf(DataRoot dataRoot) => string.IsNullOrWhiteSpace(Path) ? dataRoot.Path : System.IO.Path.GetFullPath(Path);

    private bool IsS3() => Kind.Trim().ToLowerInvariant() switch
    {
        DiskKind or "" => false,
        S3Kind => true,
        _ => throw new InvalidOperationException($"{configuredSection}:Kind is '{Kind}'; it must be '{DiskKind}' or '{S3Kind}'."),
    };
}
