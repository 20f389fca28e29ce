using System.Threading.RateLimiting;

namespace Mlops.ServiceDefaults.Auth;

/// <summary>Bound from "RateLimit": a token bucket per client (key name, else address). 0 calls a second (the default) turns it off.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public int PermitsPerSecond { get; set; }

    /// <summary>Calls a client may make at once after being idle; defaults to one second's worth.</summary>
    public int Burst { get; set; }
}

/// <summary>One token bucket per client, refilled every second; a call takes one token or is refused with the wait until the next.</summary>
public sealed class ClientRateLimiter(RateLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Burst > 0 ? options.Burst : options.PermitsPerSecond),
            TokensPerPeriod = Math.Max(1, options.PermitsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public bool Enabled => options.PermitsPerSecond > 0;

    public int PermitsPerSecond => options.PermitsPerSecond;

    public RateLimitLease Acquire(string client) => limiter.AttemptAcquire(client);

    public void Dispose() => limiter.Dispose();
}
