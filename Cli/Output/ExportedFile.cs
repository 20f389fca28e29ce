namespace Mlops.Cli.Output;

/// <summary>One file written by `data export`, with the hash the service announced and whether the written bytes match it.</summary>
public sealed record ExportedFile(string Name, long SizeBytes, string Sha256, bool Verified);
