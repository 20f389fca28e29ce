namespace Mlops.Inference.Caching;

/// <summary>The prediction cache: on or off, how long an answer lives, and how little patience a slow or dead cache gets.</summary>
public sealed class CacheOptions
{
    public const string Section = "Inference:Cache";

    public bool Enabled { get; set; } = true;

    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A lookup slower than this counts as a failure and the request is computed instead.</summary>
    public int TimeoutMilliseconds { get; set; } = 50;

    /// <summary>After a failure the cache is skipped for this long before it is tried again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
