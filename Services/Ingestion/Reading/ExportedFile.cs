namespace Mlops.Ingestion.Reading;

/// <summary>One file of an export, whole in memory (compressed), with the sha256 of its bytes.</summary>
public sealed record ExportedFile(string FileName, ReadOnlyMemory<byte> Content, string Sha256);
