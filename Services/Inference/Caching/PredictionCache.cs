using System.Runtime.InteropServices;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Mlops.Inference.Serving;
using Mlops.Inference.Telemetry;
using Mlops.ServiceDefaults;

namespace Mlops.Inference.Caching;

/// <summary>
/// Probabilities by model version and input hash, in two tiers: this process's memory, always, and the shared cache
/// (Redis) when <see cref="CacheOptions.Shared"/> asks for it. A shared cache that fails or answers slowly is skipped for
/// a while (counted as a bypass), never failing or stalling a request.
/// </summary>
public sealed class PredictionCache : IDisposable
{
    private readonly CacheOptions settings;
    private readonly LocalAnswers local;
    private readonly IDistributedCache? shared;
    private readonly CircuitBreaker breaker;
    private readonly TimeSpan timeout;
    private readonly InferenceMetrics metrics;
    private readonly ILogger<PredictionCache> logger;

    public PredictionCache(IDistributedCache cache, CacheBackend backend, IOptions<CacheOptions> options, InferenceMetrics metrics, ILogger<PredictionCache> logger)
    {
        settings = options.Value;
        local = new LocalAnswers(settings.LocalEntries, settings.TimeToLive);
        // Without Redis the distributed cache is this process's memory again: the local tier already is that.
        shared = settings.Shared && backend.IsRedis ? cache : null;
        breaker = new CircuitBreaker(settings.BreakDuration);
        timeout = TimeSpan.FromMilliseconds(settings.TimeoutMilliseconds);
        this.metrics = metrics;
        this.logger = logger;
    }

    public bool Enabled => settings.Enabled;

    /// <summary>One lookup with a generous timeout, which opens the shared cache's connection; a failure opens the breaker.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled || shared is null)
        {
            return;
        }

        try
        {
            await shared.GetAsync("inference:warm-up", cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            Recover();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(error);
        }
    }

    /// <summary>Copies a cached answer into <paramref name="probabilities"/>; false on a miss, a bypass or a disabled cache.</summary>
    public async ValueTask<bool> TryGetAsync(AnswerKey key, ServedModel model, float[] probabilities)
    {
        if (!settings.Enabled)
        {
            return false;
        }

        if (local.TryGet(key, probabilities))
        {
            metrics.CacheHit(model.VersionTag);
            return true;
        }

        if (shared is null)
        {
            metrics.CacheMiss(model.VersionTag);
            return false;
        }

        if (breaker.IsOpen)
        {
            metrics.CacheBypass(model.VersionTag);
            return false;
        }

        byte[]? stored;
        try
        {
            stored = await shared.GetAsync(key.SharedKey).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Fail(error);
            metrics.CacheBypass(model.VersionTag);
            return false;
        }

        Recover();
        if (stored is null || stored.Length != probabilities.Length * sizeof(float))
        {
            metrics.CacheMiss(model.VersionTag);
            return false;
        }

        MemoryMarshal.Cast<byte, float>(stored).CopyTo(probabilities);
        local.Store(key, probabilities);
        metrics.CacheHit(model.VersionTag);
        return true;
    }

    /// <summary>Keeps an answer in memory, and stores it in the shared cache in the background; the request does not wait.</summary>
    public void Store(AnswerKey key, float[] probabilities)
    {
        if (!settings.Enabled)
        {
            return;
        }

        local.Store(key, probabilities);
        if (shared is not null && !breaker.IsOpen)
        {
            _ = StoreSharedAsync(shared, key.SharedKey, MemoryMarshal.AsBytes(probabilities.AsSpan()).ToArray());
        }
    }

    public void Dispose() => local.Dispose();

    private async Task StoreSharedAsync(IDistributedCache cache, string key, byte[] value)
    {
        try
        {
            await cache.SetAsync(key, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = settings.TimeToLive })
                .WaitAsync(timeout * 4).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    private void Fail(Exception error)
    {
        if (breaker.Failed())
        {
            logger.LogWarning("Shared prediction cache unavailable ({Error}); answering without it and retrying it every {Seconds} s",
                error.GetType().Name + ": " + error.Message, settings.BreakDuration.TotalSeconds);
        }
    }

    private void Recover()
    {
        if (breaker.Succeeded())
        {
            logger.LogInformation("Shared prediction cache reachable again");
        }
    }
}
