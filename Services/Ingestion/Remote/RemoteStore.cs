using Mlops.Storage;

namespace Mlops.Ingestion.Remote;

/// <summary>Where pushed versions go: their blobs, and one record per version (versions/&lt;id&gt;.json) written after them.</summary>
public sealed record RemoteStore(IBlobStore Blobs, IDocumentStore Records)
{
    /// <summary>The configuration section of the remote (Kind, S3, Path), shaped like Storage:Blobs.</summary>
    public const string Section = "Storage:Remote";

    public static string RecordName(string datasetVersionId) => $"versions/{datasetVersionId}.json";
}
