namespace Mlops.Ingestion.Configuration;

/// <summary>The "Ingestion" configuration section.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Folders an import may read from; when empty, <see cref="Importing.ImportRoots.Defaults"/> apply.</summary>
    public List<string> ImportRoots { get; set; } = [];

    /// <summary>Most bytes of encoded images one upload may carry.</summary>
    public long MaxUploadBytes { get; set; } = 512L << 20;

    /// <summary>Most bytes of decoded splits kept in memory for StreamSamples and ExportDataset.</summary>
    public long SampleCacheBytes { get; set; } = 1L << 30;
}
