namespace Mlops.Ingestion.Importing;

/// <summary>An IDX images+labels pair and, optionally, a second pair holding the test split.</summary>
public sealed record IdxImportPaths(string ImagesPath, string LabelsPath, string? TestImagesPath = null, string? TestLabelsPath = null)
{
    public bool HasTestSplit => !string.IsNullOrEmpty(TestImagesPath) || !string.IsNullOrEmpty(TestLabelsPath);
}
