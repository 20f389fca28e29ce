namespace Mlops.Inference.Caching;

/// <summary>Opens the cache's connection at start-up, so the first requests do not pay for it (or time out on it).</summary>
public sealed class CacheWarmUp(PredictionCache cache) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => cache.WarmUpAsync(stoppingToken);
}
