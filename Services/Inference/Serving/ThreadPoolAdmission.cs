using Microsoft.Extensions.Options;
using Mlops.Inference.Batching;
using Mlops.Inference.Telemetry;
using Mlops.ServiceDefaults;

namespace Mlops.Inference.Serving;

/// <summary>
/// Refuses a request while the thread pool is further behind than <see cref="BatchingOptions.MaxThreadPoolDelayMilliseconds"/>:
/// the request being read now has waited about that long already, and the ones behind it longer.
/// </summary>
public sealed class ThreadPoolAdmission(ThreadPoolDelay delay, IOptions<BatchingOptions> options, InferenceMetrics metrics)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly TimeSpan limit = TimeSpan.FromMilliseconds(options.Value.MaxThreadPoolDelayMilliseconds);

    public bool Enabled => limit > TimeSpan.Zero;

    /// <exception cref="ServiceOverloadedException">The thread pool is further behind than the limit.</exception>
    public void EnsureAdmitted(object versionTag)
    {
        if (Enabled && delay.Current is var behind && behind > limit)
        {
            metrics.Refused(versionTag, InferenceMetrics.ThreadPoolDelay);
            throw new ServiceOverloadedException(
                $"Requests wait {behind.TotalMilliseconds:0} ms for a thread before they are read (limit {limit.TotalMilliseconds:0} ms); retry shortly or lower the request rate.",
                RetryAfter);
        }
    }
}
