namespace Mlops.Storage;

public sealed record BlobInfo(string Sha256, long SizeBytes);
