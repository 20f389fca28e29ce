using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Remote;

/// <summary>What a push or pull did: the version, and how many of its blobs had to be copied.</summary>
public sealed record DatasetTransferResult(DatasetVersion Version, int BlobsCopied, int BlobsTotal, long BytesCopied, string Remote);
