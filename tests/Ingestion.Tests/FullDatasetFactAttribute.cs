namespace Mlops.Ingestion.Tests;

/// <summary>A fact that needs the full Fashion-MNIST from Debian's dataset-fashion-mnist; skipped, with the reason, without it.</summary>
public sealed class FullDatasetFactAttribute : FactAttribute
{
    public FullDatasetFactAttribute()
    {
        if (!TestData.FullDatasetInstalled)
        {
            Skip = TestData.FullDatasetMissing;
        }
    }
}
