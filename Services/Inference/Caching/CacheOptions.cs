namespace Mlops.Inference.Caching;

/// <summary>The prediction cache: on or off, its tiers, how long an answer lives, and how little patience a slow or dead shared cache gets.</summary>
public sealed class CacheOptions
{
    public const string Section = "Inference:Cache";

    public bool Enabled { get; set; } = true;

    /// <summary>Answers kept in this process's memory (the least recently used go first); about 200 bytes each.</summary>
    public int LocalEntries { get; set; } = 50_000;

    /// <summary>
    /// Also share answers through Redis (when the "cache" connection is set), so replicas answer each other's repeats.
    /// Off by default: every local miss then costs a round trip, which for the default CNN (about 0.1 ms of CPU an image)
    /// costs more than the model (docs/benchmarks/serving.md); turn it on for models dearer than a round trip.
    /// </summary>
    public bool Shared { get; set; }

    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A shared lookup slower than this counts as a failure and the request is computed instead.</summary>
    public int TimeoutMilliseconds { get; set; } = 50;

    /// <summary>After a failure the shared cache is skipped for this long before it is tried again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
