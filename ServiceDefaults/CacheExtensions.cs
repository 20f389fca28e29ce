using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Mlops.ServiceDefaults;

/// <summary>Which cache backs this process: Redis when the "cache" connection string is set, memory otherwise.</summary>
public sealed record CacheBackend(bool IsRedis)
{
    public const string ConnectionName = "cache";
}

public static class CacheExtensions
{
    public static TBuilder AddCache<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var isRedis = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(CacheBackend.ConnectionName));
        builder.Services.AddSingleton(new CacheBackend(isRedis));

        if (isRedis)
        {
            // Readiness must not follow Redis: every use of the cache has a way around it when Redis is down.
            builder.AddRedisClient(CacheBackend.ConnectionName, settings => settings.DisableHealthChecks = true);
            builder.Services.AddStackExchangeRedisCache(_ => { });
            builder.Services.AddOptions<RedisCacheOptions>()
                .Configure<IServiceProvider>((options, services) => options.ConnectionMultiplexerFactory =
                    () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));
        }
        else
        {
            builder.Services.AddDistributedMemoryCache();
            builder.Services.AddHostedService<InMemoryCacheWarning>();
        }

        return builder;
    }

    private sealed class InMemoryCacheWarning(ILogger<InMemoryCacheWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("No '{Connection}' connection string: using the in-memory cache and queue of this process",
                CacheBackend.ConnectionName);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
