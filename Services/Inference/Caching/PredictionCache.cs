using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Mlops.Inference.Serving;
using Mlops.Inference.Telemetry;

namespace Mlops.Inference.Caching;

/// <summary>
/// Probabilities by model version and the sha256 of the model-ready input, in the distributed cache (Redis, or memory).
/// A cache that fails or answers slowly is skipped for a while (counted as a bypass), never failing or stalling a request.
/// </summary>
public sealed class PredictionCache(IDistributedCache cache, IOptions<CacheOptions> options, InferenceMetrics metrics, ILogger<PredictionCache> logger)
{
    private readonly CacheOptions settings = options.Value;
    private readonly CircuitBreaker breaker = new(options.Value.BreakDuration);
    private readonly TimeSpan timeout = TimeSpan.FromMilliseconds(options.Value.TimeoutMilliseconds);

    public bool Enabled => settings.Enabled;

    public static string KeyFor(ServedModel model, ReadOnlySpan<float> input)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(input), hash);
        return string.Concat("inference:", model.Name, ":", model.VersionText, ":", Convert.ToHexStringLower(hash));
    }

    /// <summary>One lookup with a generous timeout, which opens the connection; a failure opens the breaker as any other.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            await cache.GetAsync("inference:warm-up", cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            Recover();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(error);
        }
    }

    /// <summary>Copies a cached answer into <paramref name="probabilities"/>; false on a miss, a bypass or a disabled cache.</summary>
    public async ValueTask<bool> TryGetAsync(string key, ServedModel model, float[] probabilities)
    {
        if (!settings.Enabled)
        {
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
            stored = await cache.GetAsync(key).WaitAsync(timeout).ConfigureAwait(false);
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
        metrics.CacheHit(model.VersionTag);
        return true;
    }

    /// <summary>Stores an answer in the background; the request does not wait for it.</summary>
    public void Store(string key, float[] probabilities)
    {
        if (!settings.Enabled || breaker.IsOpen)
        {
            return;
        }

        _ = StoreAsync(key, MemoryMarshal.AsBytes(probabilities.AsSpan()).ToArray());
    }

    private async Task StoreAsync(string key, byte[] value)
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
            logger.LogWarning("Prediction cache unavailable ({Error}); answering without it and retrying it every {Seconds} s",
                error.GetType().Name + ": " + error.Message, settings.BreakDuration.TotalSeconds);
        }
    }

    private void Recover()
    {
        if (breaker.Succeeded())
        {
            logger.LogInformation("Prediction cache reachable again");
        }
    }
}
