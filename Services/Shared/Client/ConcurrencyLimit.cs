namespace Mlops.Client;

/// <summary>
/// A cap on a client's calls in flight that finds the service's capacity by additive increase and multiplicative
/// decrease (as TCP's congestion window does): each answer while the cap is at least half used raises it by one; each
/// refusal, or answer slower than <see cref="ConcurrencyLimitOptions.LatencyTarget"/>, multiplies it by
/// <see cref="ConcurrencyLimitOptions.BackoffRatio"/>. A call beyond the cap is not sent. Where an
/// <see cref="AdaptiveThrottle"/> shapes a rate, this bounds a queue: the service never holds more of this client's
/// calls than it answers in about the latency target, so an accepted call's wait stays bounded.
/// </summary>
public sealed class ConcurrencyLimit
{
    private readonly Lock gate = new();
    private readonly ConcurrencyLimitOptions options;
    private double limit;
    private int inFlight;

    public ConcurrencyLimit(ConcurrencyLimitOptions? options = null)
    {
        this.options = options ?? new ConcurrencyLimitOptions();
        this.options.Validate();
        limit = this.options.InitialLimit;
    }

    /// <summary>Calls allowed in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (gate)
            {
                return (int)limit;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (gate)
            {
                return inFlight;
            }
        }
    }

    /// <summary>Takes a place for one call; false, and nothing taken, when the limit is reached.</summary>
    public bool TryAcquire()
    {
        lock (gate)
        {
            if (inFlight >= (int)limit)
            {
                return false;
            }

            inFlight++;
            return true;
        }
    }

    /// <summary>Gives back the place of a call the service answered in <paramref name="latency"/>.</summary>
    public void ReleaseAnswered(TimeSpan latency)
    {
        if (options.LatencyTarget is { } target && latency > target)
        {
            ReleaseRefused();
            return;
        }

        lock (gate)
        {
            if (inFlight * 2 >= limit)
            {
                limit = Math.Min(options.MaxLimit, limit + 1);
            }

            inFlight--;
        }
    }

    /// <summary>Gives back the place of a call the service refused (or let pass its deadline).</summary>
    public void ReleaseRefused()
    {
        lock (gate)
        {
            limit = Math.Max(options.MinLimit, limit * options.BackoffRatio);
            inFlight--;
        }
    }

    /// <summary>Gives back the place of a call that tells nothing of the service (cancelled by the caller).</summary>
    public void ReleaseIgnored()
    {
        lock (gate)
        {
            inFlight--;
        }
    }
}
