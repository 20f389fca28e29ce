namespace Mlops.Registry.Gate;

/// <summary>What a candidate must show before a gated alias (production) moves to it; bound from configuration section "Registry:Gate".</summary>
public sealed class GatePolicy
{
    public const string Section = "Registry:Gate";

    /// <summary>Aliases that only PromoteModel may move, and only through the gate.</summary>
    public List<string> GatedAliases { get; set; } = ["production"];

    /// <summary>Lowest acceptable accuracy on the held-out test split.</summary>
    public double MinAccuracy { get; set; } = 0.7;

    /// <summary>How much lower than the current production version's accuracy (on the same split) the candidate may be.</summary>
    public double MaxAccuracyDropVsProduction { get; set; } = 0.01;

    /// <summary>Budget for the median time to score one image on its own.</summary>
    public double MaxLatencyMsPerImage { get; set; } = 50;

    /// <summary>At most this many test images are scored (0: the whole split).</summary>
    public int MaxSamples { get; set; } = 10_000;

    /// <summary>Images scored one at a time to measure latency.</summary>
    public int LatencySamples { get; set; } = 32;

    public int BatchSize { get; set; } = 256;

    public int IntraOpThreads { get; set; } = 1;

    public bool IsGated(string alias) => GatedAliases.Contains(alias, StringComparer.Ordinal);
}
