namespace Mlops.Ingestion.Profiles;

/// <summary>What a reference profile keeps per feature.</summary>
public sealed record ProfileOptions(int HistogramBins = 50, int ReservoirCapacity = 5000, ulong ReservoirSeed = 1)
{
    public static ProfileOptions Default { get; } = new();
}
