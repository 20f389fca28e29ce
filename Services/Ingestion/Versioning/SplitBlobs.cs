using Mlops.Ingestion.Model;

namespace Mlops.Ingestion.Versioning;

/// <summary>Where one split's content is stored: its pixels (images one after the other) and labels (one byte each).</summary>
public sealed record SplitBlobs(DatasetSplit Split, int Count, string PixelsSha256, string LabelsSha256);
